import { open as openHandle, type FileHandle } from 'node:fs/promises';
import { silentLogger, type Logger } from '../log.js';
import type { TrayNotification } from '../pipeline/notification.js';
import { TypedEmitter } from '../util/typed-emitter.js';
import { errorMessage } from '../util/error-reason.js';
import { AppendLog } from './append-log.js';
import { errorCode } from './fs-errors.js';
import { EntryCollection, type ChannelCount, type HistoryEntry } from './history-entries.js';
import {
  formatClear, formatNote, formatRead, formatReadAll, formatUnread, isNotification, noteLineStart, parseRecord,
} from './history-record.js';
import { BackwardLineReader, countNewlines } from './tail-reader.js';

export type { ChannelCount, HistoryEntry } from './history-entries.js';

export interface HistoryOptions {
  /** Most entries kept (default 10,000): the oldest go first. */
  readonly cap?: number;
  readonly logger?: Logger;
}

export interface HistoryQuery {
  readonly offset?: number;
  /** Default 100. */
  readonly limit?: number;
  /** Case-insensitive substring of title, body, channel or event. */
  readonly search?: string;
  /** Exact channel name. */
  readonly channel?: string;
  readonly unreadOnly?: boolean;
}

export interface HistoryPage {
  /** Newest first. */
  readonly items: HistoryEntry[];
  /** Matching entries in all (so far, if not complete). */
  readonly total: number;
  /** False while older entries are still being loaded: items and total cover only what is loaded. */
  readonly complete: boolean;
}

export type HistoryChange =
  | { readonly kind: 'added'; readonly entry: HistoryEntry }
  | { readonly kind: 'read'; readonly ids: readonly string[] }
  | { readonly kind: 'unread'; readonly ids: readonly string[] }
  | { readonly kind: 'cleared' }
  /** The background load finished: older entries (and their read state) are now all there. */
  | { readonly kind: 'loaded' };

export const DEFAULT_HISTORY_CAP = 10_000;
/** open() resolves once this many newest entries are in memory. */
export const FIRST_PAGE_SIZE = 100;
const DEFAULT_LIMIT = 100;
/**
 * The file is compacted once it holds this many times `cap` lines, and the file stays within
 * that. A compaction keeps the file's newest lines as they are (or, after a clear, writes the
 * entries afresh), so what it costs is copying bytes, not formatting lines.
 */
export const COMPACT_AT_CAP_TIMES = 3;

/**
 * State records met while loading backwards apply to the older notes still to come. The newest
 * record about an id wins: `decided` holds the read state the first (newest) one gave it, and once
 * a `readAll` is met every older note not decided yet is read.
 */
interface LoadState {
  readonly decided: Map<string, boolean>;
  allRead: boolean;
}

function noteRecord(state: LoadState, ids: readonly string[], read: boolean): void {
  if (state.allRead) return;
  for (const id of ids) if (!state.decided.has(id)) state.decided.set(id, read);
}

async function openForReading(path: string): Promise<FileHandle | null> {
  let handle: FileHandle;
  try {
    handle = await openHandle(path, 'r');
  } catch (err) {
    // No file (or no directory for it) is an empty history; writing will say if it cannot be created.
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`history: cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    if ((await handle.stat()).isDirectory()) throw new Error('it is a directory');
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw new Error(`history: cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  return handle;
}

/**
 * The notification history: a JSON Lines file that is only appended to, compacted to the newest
 * `cap` entries (temp file + rename) once it holds COMPACT_AT_CAP_TIMES × cap lines.
 *
 * open() reads the file backwards and resolves as soon as the newest page is in memory; the rest
 * loads in the background (`loaded`, `ready`). Until then queries answer from what is loaded and
 * say `complete: false`.
 *
 * An id is stored once: appending a known id is ignored. (If a duplicate of an entry not loaded yet
 * is appended during the background load, the newer copy is kept, now and on every later open.)
 */
interface HistoryEvents {
  change: [change: HistoryChange];
  'write status': [error: Error | null];
}

export class HistoryStore {
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private readonly entries: EntryCollection;
  private readonly writer: AppendLog;
  private readonly events: TypedEmitter<HistoryEvents>;
  private loading: LoadState | null = { decided: new Map(), allRead: false };
  private loadStopped = false;
  /** The background load hit a read error: older entries may be missing, so never compact. */
  private loadFailed = false;
  private loadDone: Promise<void> = Promise.resolve();
  private damagedLines = 0;
  /** Lines in the file (approximately), which decides when to compact. */
  private fileLines = 0;
  private compactAt: number;
  private compactRequested = false;
  private compacting = false;
  private closed = false;

  private constructor(
    readonly path: string,
    readonly cap: number,
    private readonly logger: Logger,
  ) {
    this.entries = new EntryCollection(cap);
    this.compactAt = cap * COMPACT_AT_CAP_TIMES;
    this.events = new TypedEmitter<HistoryEvents>((event, err) => {
      logger.log('error', `history: ${event} listener failed: ${errorMessage(err)}`);
    });
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.writer = new AppendLog(path, logger, (error) => this.events.emit('write status', error));
  }

  /**
   * Opens (or starts) the history at `path`, creating directories as needed. A missing file is an
   * empty history; a file that cannot be read is an error. A file that cannot be written is not:
   * the history then works in memory and reports it through `writeError` / `onWriteStatus`.
   */
  static async open(path: string, options: HistoryOptions = {}): Promise<HistoryStore> {
    const cap = options.cap ?? DEFAULT_HISTORY_CAP;
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`history: cap must be a positive integer, got ${cap}`);
    const store = new HistoryStore(path, cap, options.logger ?? silentLogger);
    const handle = await openForReading(path);
    if (handle === null) {
      store.writer.openFile();
      store.finishLoad();
      return store;
    }
    let reader: BackwardLineReader;
    let finished: boolean;
    try {
      reader = new BackwardLineReader(handle, (await handle.stat()).size);
      do finished = await store.loadChunk(reader, handle);
      while (!finished && store.entries.size < FIRST_PAGE_SIZE);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw new Error(`history: cannot read ${path}: ${errorMessage(err)}`, { cause: err });
    }
    // Opened after the first read so that appends land after everything the loader reads.
    store.writer.openFile();
    if (finished) await store.endLoad(handle);
    else store.loadDone = store.loadRest(reader, handle);
    return store;
  }

  /** True once the whole file is loaded. */
  get loaded(): boolean {
    return this.loading === null;
  }

  /** Lines skipped as damaged (invalid JSON, invalid record, cut short). Final once `ready` resolves. */
  get damaged(): number {
    return this.damagedLines;
  }

  /** Why the last write failed, or null while writing works. */
  get writeError(): Error | null {
    return this.writer.error;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Stores a notification (`read`: already read elsewhere, e.g. in Laravel); false if its id is
   * already stored (or it is invalid). Never throws.
   */
  append(n: TrayNotification, read = false): boolean {
    // Checked, not copied: the entry keeps its own compact copy of the fields.
    const candidate: unknown = n;
    if (!isNotification(candidate)) {
      const id = (n as { id?: unknown }).id;
      this.logger.log('warn', 'history: invalid notification not stored', { id: typeof id === 'string' ? id : null });
      return false;
    }
    const notification = candidate;
    if (this.entries.has(notification.id)) return false;
    const line = formatNote(notification, read);
    // The oldest goes first, so that the entries never need more room than the cap.
    while (this.entries.size >= this.cap) this.entries.removeOldest();
    const stored = this.entries.addNewest(notification, read);
    this.writeLine(line);
    if (this.events.listenerCount('change') > 0) this.emit({ kind: 'added', entry: this.entries.entry(stored) });
    return true;
  }

  list(query: HistoryQuery = {}): HistoryPage {
    const offset = Math.max(0, Math.floor(query.offset ?? 0)) || 0;
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIMIT));
    if (Number.isNaN(limit)) return this.list({ ...query, limit: DEFAULT_LIMIT });
    const needle = query.search?.trim().toLowerCase() ?? '';
    const channel = query.channel;
    const unreadOnly = query.unreadOnly === true;
    const complete = this.loaded;
    const items: HistoryEntry[] = [];

    if (needle === '' && channel === undefined && !unreadOnly) {
      const end = Math.min(this.entries.size, offset + limit);
      for (let i = offset; i < end; i++) {
        const stored = this.entries.at(i);
        if (stored !== undefined) items.push(this.entries.entry(stored));
      }
      return { items, total: this.entries.size, complete };
    }

    let total = 0;
    for (const stored of this.entries.newestFirst()) {
      if (unreadOnly && this.entries.isRead(stored)) continue;
      if (channel !== undefined && this.entries.channel(stored) !== channel) continue;
      if (needle !== '' && !this.entries.haystack(stored).includes(needle)) continue;
      if (total >= offset && items.length < limit) items.push(this.entries.entry(stored));
      total++;
    }
    return { items, total, complete };
  }

  get(id: string): HistoryEntry | undefined {
    const stored = this.entries.find(id);
    return stored === undefined ? undefined : this.entries.entry(stored);
  }

  /** Marks these entries read; returns how many were unread. */
  markRead(ids: readonly string[]): number {
    return this.mark(ids, true);
  }

  /** Marks these entries unread again (an undo, or "Mark as unread"); returns how many were read. */
  markUnread(ids: readonly string[]): number {
    return this.mark(ids, false);
  }

  /** The unread entries `query` shows (all of them, ignoring offset and limit), newest first: what "Mark these read" marks. */
  unreadMatching(query: Omit<HistoryQuery, 'offset' | 'limit'>): string[] {
    const needle = query.search?.trim().toLowerCase() ?? '';
    const ids: string[] = [];
    for (const stored of this.entries.newestFirst()) {
      if (this.entries.isRead(stored)) continue;
      if (query.channel !== undefined && this.entries.channel(stored) !== query.channel) continue;
      if (needle !== '' && !this.entries.haystack(stored).includes(needle)) continue;
      ids.push(this.entries.id(stored));
    }
    return ids;
  }

  /** Marks every entry read; returns how many were unread. */
  markAllRead(): number {
    const changed = this.entries.setAllRead();
    if (this.loading !== null) {
      // Newer than every record the loader has still to meet.
      this.loading.decided.clear();
      this.loading.allRead = true;
    }
    else if (changed.length === 0) return 0;
    this.writeLine(formatReadAll());
    if (changed.length > 0) this.emit({ kind: 'read', ids: changed });
    return changed.length;
  }

  unreadCount(): number {
    return this.entries.unreadCount;
  }

  /** Distinct channels with their entry and unread counts, by channel name. */
  channels(): ChannelCount[] {
    return this.entries.channels();
  }

  /** Forgets every entry (the file is then compacted to nothing). */
  clear(): void {
    this.entries.clear();
    if (this.loading !== null) this.loadStopped = true;
    this.writeLine(formatClear());
    this.compactRequested = true;
    this.maybeCompact();
    this.emit({ kind: 'cleared' });
  }

  /** Calls `listener` after each change; returns the unsubscribe function. */
  onChange(listener: (change: HistoryChange) => void): () => void {
    return this.events.on('change', listener);
  }

  /** Calls `listener` with the error when writing starts failing, and with null when it works again. */
  onWriteStatus(listener: (error: Error | null) => void): () => void {
    return this.events.on('write status', listener);
  }

  /** Resolves once everything so far is on disk, or writing it failed (see `writeError`). Never rejects. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Writes everything synchronously: for process exit paths. */
  flushSync(): void {
    this.writer.flushSync();
  }

  /** Stops loading, flushes and closes the file. Later changes stay in memory only. */
  async close(): Promise<void> {
    if (this.closed) return this.writer.close();
    this.closed = true;
    this.loadStopped = true;
    await this.loadDone;
    await this.writer.close();
  }

  private mark(ids: readonly string[], read: boolean): number {
    const changed: string[] = [];
    const toWrite = new Set<string>();
    for (const id of ids) {
      const stored = this.entries.find(id);
      if (stored !== undefined) {
        if (read ? this.entries.setRead(stored) : this.entries.setUnread(stored)) {
          changed.push(id);
          toWrite.add(id);
        }
      } else if (this.loading !== null) {
        // May be among the entries not loaded yet.
        this.loading.decided.set(id, read);
        toWrite.add(id);
      }
    }
    if (toWrite.size > 0) this.writeLine(read ? formatRead([...toWrite]) : formatUnread([...toWrite]));
    if (changed.length > 0) this.emit({ kind: read ? 'read' : 'unread', ids: changed });
    return changed.length;
  }

  private writeLine(line: string): void {
    if (this.closed) {
      this.logger.log('debug', 'history: closed, change kept in memory only', { path: this.path });
      return;
    }
    this.writer.append(line);
    this.fileLines++;
    this.maybeCompact();
  }

  /** Reads and applies one chunk; true when loading is finished (start of file, cap, or a clear record). */
  private async loadChunk(reader: BackwardLineReader, handle: FileHandle): Promise<boolean> {
    const lines = await reader.next();
    if (lines === null || this.loadStopped) return true;
    for (let i = 0; i < lines.length; i++) {
      if (!this.loadLine(lines[i])) {
        // Older lines cannot matter any more, but count them to know whether to compact.
        this.fileLines += lines.length - i - 1 + (await countNewlines(handle, reader.position));
        return true;
      }
    }
    return false;
  }

  /** Applies one line read backwards; false when older lines no longer matter. */
  private loadLine(line: string | null | undefined): boolean {
    const state = this.loading;
    if (line === undefined || state === null) return true;
    if (line === null) {
      this.damagedLines++;
      this.fileLines++;
      return true;
    }
    const record = parseRecord(line);
    if (record === null) {
      if (line.trim() !== '') {
        this.damagedLines++;
        this.fileLines++;
      }
      return true;
    }
    this.fileLines++;
    switch (record.kind) {
      case 'note': {
        const n = record.notification;
        if (!this.entries.has(n.id)) {
          const read = state.decided.get(n.id) ?? (record.read || state.allRead);
          this.entries.addOldest(n, read);
        }
        return this.entries.size < this.cap;
      }
      case 'read':
      case 'unread':
        noteRecord(state, record.ids, record.kind === 'read');
        return true;
      case 'readAll':
        state.allRead = true;
        return true;
      case 'clear':
        // Whatever precedes it was cleared but not yet compacted away.
        this.compactRequested = true;
        return false;
    }
  }

  private async loadRest(reader: BackwardLineReader, handle: FileHandle): Promise<void> {
    try {
      while (!(await this.loadChunk(reader, handle)));
    } catch (err) {
      this.loadFailed = true;
      this.logger.log('error', `history: reading ${this.path} failed after ${this.entries.size} entries: ${errorMessage(err)}`, {
        path: this.path,
        code: errorCode(err),
      });
    }
    await this.endLoad(handle);
  }

  private async endLoad(handle: FileHandle): Promise<void> {
    await handle.close().catch(() => undefined);
    this.finishLoad();
  }

  private finishLoad(): void {
    this.loading = null;
    if (this.damagedLines > 0) {
      this.logger.log('warn', `history: ${this.damagedLines} damaged entries skipped in ${this.path}`, {
        path: this.path,
        damaged: this.damagedLines,
      });
    }
    this.resolveReady();
    this.emit({ kind: 'loaded' });
    this.maybeCompact();
  }

  /**
   * Compacts once the file is due: by keeping the file's own lines from the oldest entry held on,
   * or (after a clear, or when marks would keep too many lines) by writing every entry afresh.
   */
  private maybeCompact(): void {
    if (this.loading !== null || this.loadFailed || this.compacting || this.closed) return;
    if (!this.compactRequested && this.fileLines <= this.compactAt) return;
    this.compacting = true;
    const oldest = this.entries.at(this.entries.size - 1);
    const keep =
      this.compactRequested || oldest === undefined
        ? null
        : { lineStart: noteLineStart(this.entries.id(oldest)), maxLines: this.cap * (COMPACT_AT_CAP_TIMES - 1) };
    this.compactRequested = false;
    let linesBefore = 0;
    let snapshotLines = 0;
    void this.writer
      .compact(keep, () => {
        linesBefore = this.fileLines;
        snapshotLines = this.entries.size;
        const lines: string[] = [];
        for (const stored of this.entries.oldestFirst()) lines.push(this.entries.line(stored, formatNote));
        return lines.join('');
      })
      .then((done) => {
        this.compacting = false;
        if (done !== null) {
          this.fileLines = done.how === 'kept' ? done.lines : snapshotLines + (this.fileLines - linesBefore);
          this.compactAt = this.cap * COMPACT_AT_CAP_TIMES;
          this.maybeCompact();
        } else {
          // Do not retry on every append while the disk is failing.
          this.compactAt = this.fileLines + Math.ceil(this.cap / 2);
        }
      });
  }

  private emit(change: HistoryChange): void {
    this.events.emit('change', change);
  }
}
