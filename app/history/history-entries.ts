import type { TrayNotification, Urgency } from '../pipeline/notification.js';

const URGENCY: Readonly<Record<Urgency, Urgency>> = { low: 'low', normal: 'normal', critical: 'critical' };
/** Distinct channel, event and type names shared at most (a profile has a handful of each). */
const INTERNED_MAX = 10_000;

/** One copy of each repeated name (channel, event, type) instead of one per entry. */
class Interner {
  private readonly pool = new Map<string, string>();

  get(value: string): string {
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    if (this.pool.size < INTERNED_MAX) this.pool.set(value, value);
    return value;
  }
}

/**
 * A history entry as held in memory, compactly: 100,000 of them are a long day for a busy desk.
 * Title, body and link share one flat string (one string header instead of three), repeated names
 * are shared, and the time is a number when it is in toISOString()'s form (it always is when we
 * wrote it). `notification` rebuilds the public shape for the few entries a page shows.
 */
export class StoredEntry {
  readonly id: string;
  readonly channel: string;
  readonly event: string;
  readonly urgency: Urgency;
  readonly type: string | undefined;
  /** The burst's group key (see BurstTagger); usually this entry's own id or a neighbour's, so shared. */
  readonly burst: string | undefined;
  /** Only on a connection-gap entry. */
  readonly offlineFrom: string | undefined;
  read: boolean;
  private readonly texts: string;
  private readonly titleEnd: number;
  private readonly bodyEnd: number;
  private readonly at: number | string;

  constructor(n: TrayNotification, read: boolean, names: Interner) {
    this.id = n.id;
    this.channel = names.get(n.channel);
    this.event = names.get(n.event);
    this.urgency = URGENCY[n.urgency];
    this.type = n.type === undefined ? undefined : names.get(n.type);
    this.burst = n.burst;
    this.offlineFrom = n.offlineFrom;
    this.read = read;
    // join() builds one flat string; `+` would keep the three parts alive behind a rope.
    this.texts = [n.title, n.body, n.url].join('');
    this.titleEnd = n.title.length;
    this.bodyEnd = n.title.length + n.body.length;
    const ms = Date.parse(n.receivedAt);
    this.at = Number.isFinite(ms) && new Date(ms).toISOString() === n.receivedAt ? ms : n.receivedAt;
  }

  get notification(): TrayNotification {
    const n: TrayNotification = {
      id: this.id,
      channel: this.channel,
      event: this.event,
      title: this.texts.slice(0, this.titleEnd),
      body: this.texts.slice(this.titleEnd, this.bodyEnd),
      url: this.texts.slice(this.bodyEnd),
      receivedAt: typeof this.at === 'number' ? new Date(this.at).toISOString() : this.at,
      urgency: this.urgency,
    };
    if (this.type === undefined && this.burst === undefined && this.offlineFrom === undefined) return n;
    return {
      ...n,
      ...(this.type === undefined ? {} : { type: this.type }),
      ...(this.offlineFrom === undefined ? {} : { offlineFrom: this.offlineFrom }),
      ...(this.burst === undefined ? {} : { burst: this.burst }),
    };
  }
}

export interface ChannelCount {
  readonly channel: string;
  readonly count: number;
  readonly unread: number;
}

interface ChannelStats {
  count: number;
  unread: number;
}

/**
 * The in-memory history, newest first by position: entries appended this session (`newer`,
 * oldest to newest) followed by entries loaded from the file, which the loader discovers from
 * newest to oldest (`older`). Both ends grow cheaply: appends push onto `newer`, the loader pushes
 * onto `older`, and eviction pops `older` (or advances `newerHead` once `older` is empty).
 */
export class EntryCollection {
  private newer: StoredEntry[] = [];
  private newerHead = 0;
  private older: StoredEntry[] = [];
  private readonly byId = new Map<string, StoredEntry>();
  private readonly perChannel = new Map<string, ChannelStats>();
  private unread = 0;
  private readonly names = new Interner();
  /**
   * Kept beside the entries, not in them (every field of 100,000 entries costs 0.8 MB): lower-cased
   * search texts, built by the first search, and the unread notes' lines as appended this session,
   * reused when the file is compacted.
   */
  private readonly haystacks = new Map<StoredEntry, string>();
  private readonly lines = new Map<StoredEntry, string>();

  get size(): number {
    return this.byId.size;
  }

  get unreadCount(): number {
    return this.unread;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): StoredEntry | undefined {
    return this.byId.get(id);
  }

  /** Stores `n` as the newest entry (appended now), keeping the line just written for compaction. */
  addNewest(n: TrayNotification, read: boolean, line?: string): StoredEntry {
    const entry = new StoredEntry(n, read, this.names);
    if (line !== undefined) this.lines.set(entry, line);
    this.newer.push(entry);
    this.index(entry);
    return entry;
  }

  /** Stores `n` as the oldest entry (found by the loader reading the file backwards). */
  addOldest(n: TrayNotification, read: boolean): StoredEntry {
    const entry = new StoredEntry(n, read, this.names);
    this.older.push(entry);
    this.index(entry);
    return entry;
  }

  removeOldest(): void {
    let entry = this.older.pop();
    if (entry === undefined) {
      entry = this.newer[this.newerHead];
      if (entry === undefined) return;
      this.newerHead++;
      if (this.newerHead >= 1024 && this.newerHead * 2 >= this.newer.length) {
        this.newer = this.newer.slice(this.newerHead);
        this.newerHead = 0;
      }
    }
    this.unindex(entry);
  }

  /** The entry at `index` counting from the newest (0). */
  at(index: number): StoredEntry | undefined {
    const newerCount = this.newer.length - this.newerHead;
    if (index < newerCount) return this.newer[this.newer.length - 1 - index];
    return this.older[index - newerCount];
  }

  *newestFirst(): Generator<StoredEntry> {
    for (let i = this.newer.length - 1; i >= this.newerHead; i--) {
      const entry = this.newer[i];
      if (entry !== undefined) yield entry;
    }
    yield* this.older;
  }

  *oldestFirst(): Generator<StoredEntry> {
    for (let i = this.older.length - 1; i >= 0; i--) {
      const entry = this.older[i];
      if (entry !== undefined) yield entry;
    }
    for (let i = this.newerHead; i < this.newer.length; i++) {
      const entry = this.newer[i];
      if (entry !== undefined) yield entry;
    }
  }

  /** Lower-cased title, body, channel and event, for searching. */
  haystack(entry: StoredEntry): string {
    let text = this.haystacks.get(entry);
    if (text === undefined) {
      const n = entry.notification;
      text = `${n.title}\n${n.body}\n${n.channel}\n${n.event}`.toLowerCase();
      this.haystacks.set(entry, text);
    }
    return text;
  }

  /** The entry's line for a compacted file. */
  line(entry: StoredEntry, format: (n: TrayNotification, read: boolean) => string): string {
    return (entry.read ? undefined : this.lines.get(entry)) ?? format(entry.notification, entry.read);
  }

  /** Marks the entry read; false if it already was. */
  setRead(entry: StoredEntry): boolean {
    if (entry.read) return false;
    entry.read = true;
    this.lines.delete(entry);
    this.unread--;
    const stats = this.perChannel.get(entry.channel);
    if (stats !== undefined) stats.unread--;
    return true;
  }

  /** Marks the entry unread again; false if it already was. */
  setUnread(entry: StoredEntry): boolean {
    if (!entry.read) return false;
    entry.read = false;
    this.unread++;
    const stats = this.perChannel.get(entry.channel);
    if (stats !== undefined) stats.unread++;
    return true;
  }

  /** Marks every entry read and returns the ids that changed. */
  setAllRead(): string[] {
    const changed: string[] = [];
    if (this.unread === 0) return changed;
    for (const entry of this.byId.values()) {
      if (!entry.read) {
        entry.read = true;
        changed.push(entry.id);
      }
    }
    this.unread = 0;
    this.lines.clear();
    for (const stats of this.perChannel.values()) stats.unread = 0;
    return changed;
  }

  clear(): void {
    this.newer = [];
    this.newerHead = 0;
    this.older = [];
    this.byId.clear();
    this.haystacks.clear();
    this.lines.clear();
    this.perChannel.clear();
    this.unread = 0;
  }

  channels(): ChannelCount[] {
    return [...this.perChannel]
      .map(([channel, { count, unread }]) => ({ channel, count, unread }))
      .sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  }

  private index(entry: StoredEntry): void {
    this.byId.set(entry.id, entry);
    let stats = this.perChannel.get(entry.channel);
    if (stats === undefined) {
      stats = { count: 0, unread: 0 };
      this.perChannel.set(entry.channel, stats);
    }
    stats.count++;
    if (!entry.read) {
      stats.unread++;
      this.unread++;
    }
  }

  private unindex(entry: StoredEntry): void {
    this.byId.delete(entry.id);
    this.haystacks.delete(entry);
    this.lines.delete(entry);
    const stats = this.perChannel.get(entry.channel);
    if (stats !== undefined) {
      stats.count--;
      if (!entry.read) stats.unread--;
      if (stats.count <= 0) this.perChannel.delete(entry.channel);
    }
    if (!entry.read) this.unread--;
  }
}
