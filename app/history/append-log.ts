import { closeSync, constants, fstatSync, mkdirSync, openSync, read, readSync, renameSync, write, writeSync } from 'node:fs';
import { open as openHandle, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../log.js';
import { errorCode, toError } from './fs-errors.js';
import { errorMessage } from '../util/error-reason.js';

interface Batch {
  readonly buf: Buffer;
  /** File offset of the batch's first byte. */
  readonly pos: number;
  /** Sequence number of the last line in the batch. */
  readonly endSeq: number;
  /** flushSync() has written this batch itself; the async write's outcome no longer matters. */
  superseded: boolean;
}

function writeAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, buf, offset, length, position, (err, bytesWritten) => (err ? reject(err) : resolve(bytesWritten)));
  });
}

function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, offset, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead)));
  });
}

/** Newlines in `buf` from `start` to `end`. */
function countLines(buf: Buffer, start: number, end: number): number {
  let count = 0;
  for (let at = buf.indexOf(0x0a, start); at >= 0 && at < end; at = buf.indexOf(0x0a, at + 1)) count++;
  return count;
}

/**
 * How compact() did it: kept the file's newest lines (`lines` of them, counting those queued during
 * the compaction, once it is done), or wrote the snapshot.
 */
export type Compacted = { readonly how: 'kept'; readonly lines: number } | { readonly how: 'snapshot' };

/** compact() reads the file backwards this many bytes at a time. */
export const READ_CHUNK = 1 << 20;

/**
 * An append-only line file written in batches: `append()` only queues, and one write per event
 * loop turn puts everything queued on disk, through a file descriptor kept open.
 *
 * Writes are positional (we track the file size ourselves) rather than O_APPEND, which makes
 * writing the same bytes at the same offset twice harmless: flushSync() can write out a batch that
 * an async write is still busy with, and a failed write is retried from the exact byte it stopped
 * at, so a retried line is never split or duplicated. This assumes one writer per file (the app is
 * single-instance).
 *
 * A failed write keeps its unwritten bytes and is retried on the next append() or flush(); it is
 * logged once per run of failures and reported through `onStatus` (the error, then null when
 * writing works again).
 */
export class AppendLog {
  private fd: number | null = null;
  /** Bytes confirmed on disk: the next batch is written at this offset. */
  private size = 0;
  /** The file ends mid-line (cut short): start the next write with a newline. */
  private freshLine = false;
  private queue: string[] = [];
  /** The unwritten rest of a failed batch; it goes out before anything queued after it. */
  private carry: Buffer | null = null;
  private queuedSeq = 0;
  private writtenSeq = 0;
  private current: Batch | null = null;
  /** The async write in progress (possibly superseded but still using the descriptor). */
  private running: Promise<void> | null = null;
  private rewriting: Promise<void> | null = null;
  private rewriteAborted = false;
  private scheduled = false;
  /** append() or flush() asked for a write since the current batch started. */
  private wanted = false;
  private closing = false;
  private closingDone: Promise<void> | null = null;
  private closed = false;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly logger: Logger,
    private readonly onStatus: (error: Error | null) => void,
  ) {}

  /** The last write error, or null while writing works. */
  get error(): Error | null {
    return this.failure;
  }

  /** Opens (creating it and its directories if needed) the file; a failure is reported, not thrown. */
  openFile(): boolean {
    let fd: number | null = null;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      fd = openSync(this.path, constants.O_RDWR | constants.O_CREAT, 0o600);
      const { size } = fstatSync(fd);
      let lastByte = 0x0a;
      if (size > 0) {
        const one = Buffer.alloc(1);
        if (readSync(fd, one, 0, 1, size - 1) === 1) lastByte = one[0] ?? 0x0a;
      }
      this.fd = fd;
      this.size = size;
      // A carry left by a failed write continues our own partial line: no newline before it.
      this.freshLine = this.carry === null && lastByte !== 0x0a;
      return true;
    } catch (err) {
      if (fd !== null) closeSync(fd);
      this.fail(err);
      return false;
    }
  }

  append(line: string): void {
    if (this.closed) return;
    this.queue.push(line);
    this.queuedSeq++;
    this.schedule();
  }

  /** Resolves once every line queued so far is on disk, or the attempt to write it failed (see `error`). Never rejects. */
  flush(): Promise<void> {
    if (this.closed || this.writtenSeq >= this.queuedSeq) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ seq: this.queuedSeq, resolve });
      this.schedule();
    });
  }

  /** Writes everything queued before returning, for process exit paths. */
  flushSync(): void {
    if (this.closed) return;
    // A compaction finishing after this would replace the file without the lines written now.
    if (this.rewriting !== null) this.rewriteAborted = true;
    if (this.writtenSeq >= this.queuedSeq) return;
    if (this.fd === null && !this.openFile()) return;
    const fd = this.fd;
    if (fd === null) return;
    const parts: Buffer[] = [];
    let pos = this.size;
    if (this.current !== null) {
      parts.push(this.current.buf);
      pos = this.current.pos;
      this.current.superseded = true;
      this.current = null;
    }
    const rest = this.takeBatch();
    parts.push(rest.buf);
    const buf = parts.length === 1 ? rest.buf : Buffer.concat(parts);
    let written = 0;
    try {
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written, pos + written);
    } catch (err) {
      this.size = pos + written;
      this.carry = buf.subarray(written);
      this.fail(err);
      return;
    }
    this.size = pos + buf.length;
    this.succeed(rest.endSeq);
  }

  /** Flushes, waits for a compaction in progress, and closes the file. Lines appended afterwards are dropped. */
  close(): Promise<void> {
    this.closingDone ??= this.closeFile();
    return this.closingDone;
  }

  private async closeFile(): Promise<void> {
    this.closing = true;
    if (this.rewriting !== null) await this.rewriting;
    await this.flush();
    while (this.running !== null) await this.running;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      try {
        closeSync(fd);
      } catch (err) {
        this.logger.log('warn', `history: closing ${this.path} failed: ${errorMessage(err)}`, { path: this.path });
      }
    }
  }

  /**
   * Compacts the file atomically (temp file, fsync, rename), once nothing is being written; appends
   * are held back meanwhile. With `keep`, the file keeps its own bytes from the last line that
   * starts with `keep.lineStart` (not the first line: that would drop nothing), then everything
   * queued: no line is formatted again, so even a large history compacts without holding up the
   * event loop. Without `keep`, when no such line is on disk, or when more than `keep.maxLines`
   * lines on disk would stay, the file becomes `snapshot()`'s text, which must represent every line
   * queued up to the moment it runs. Resolves how it was done; null if the rewrite failed (logged)
   * or was abandoned: the file is then unchanged and appends go on.
   */
  compact(keep: { readonly lineStart: string; readonly maxLines: number } | null, snapshot: () => string): Promise<Compacted | null> {
    const done = this.replace(async (cover) => {
      const tail = keep === null ? null : await this.keptTail(keep.lineStart, keep.maxLines);
      if (tail === null) {
        cover();
        return { data: Buffer.from(snapshot(), 'utf8'), result: { how: 'snapshot' } };
      }
      const queued = cover();
      const lines = tail.lines + countLines(queued, 0, queued.length);
      return { data: Buffer.concat([tail.bytes, queued]), result: { how: 'kept', lines } };
    });
    // Lines queued while it ran are still to be written after it.
    return done.then((result) => (result?.how === 'kept' ? { how: 'kept', lines: result.lines + this.queue.length } : result));
  }

  /**
   * The file's bytes from the last line that starts with `lineStart` (not the first line) to its
   * end, read backwards a chunk at a time so that no more than that is ever held; null when there
   * is no such line or more than `maxLines` lines follow it.
   */
  private async keptTail(lineStart: string, maxLines: number): Promise<{ bytes: Buffer; lines: number } | null> {
    const fd = this.fd;
    if (fd === null) return null;
    const needle = Buffer.from(`\n${lineStart}`, 'utf8');
    /** The kept chunks, the file's end first. */
    const later: Buffer[] = [];
    let lines = 0;
    for (let end = this.size; end > 0; ) {
      const start = Math.max(0, end - READ_CHUNK);
      // The chunk reaches into the next one by a needle's length less one: a start cut in two is found whole.
      const chunk = Buffer.allocUnsafe(Math.min(this.size, end + needle.length - 1) - start);
      for (let done = 0; done < chunk.length; ) {
        const n = await readAt(fd, chunk, done, chunk.length - done, start + done);
        if (n === 0) return null;
        done += n;
      }
      const own = end - start;
      const found = chunk.lastIndexOf(needle, own - 1);
      const from = found < 0 ? 0 : found + 1;
      lines += countLines(chunk, from, own);
      if (lines > maxLines) return null;
      later.push(chunk.subarray(from, own));
      if (found >= 0) return { bytes: Buffer.concat(later.reverse()), lines };
      end = start;
    }
    return null;
  }

  /**
   * Runs `build` once nothing is being written (appends are held back meanwhile) and replaces the
   * file with its data: temp file, fsync, rename. `build` calls `cover()` once: every line queued
   * by then must be in its data, and `cover()` returns those lines' bytes as they would be
   * written. Null when the rewrite fails (logged) or flushSync() overtook it.
   */
  private replace(build: (cover: () => Buffer) => Promise<{ data: Buffer; result: Compacted }>): Promise<Compacted | null> {
    if (this.rewriting !== null || this.closing) return Promise.resolve(null);
    this.rewriteAborted = false;
    const run = this.runReplace(build).finally(() => {
      this.rewriting = null;
      if (this.writtenSeq < this.queuedSeq && (this.failure === null || this.wanted)) this.schedule();
    });
    this.rewriting = run.then(() => undefined);
    return run;
  }

  private async runReplace(build: (cover: () => Buffer) => Promise<{ data: Buffer; result: Compacted }>): Promise<Compacted | null> {
    const tmp = `${this.path}.tmp`;
    let tmpCreated = false;
    try {
      while (this.running !== null) await this.running;
      if (this.rewriteAborted) return null;
      let coveredSeq = this.queuedSeq;
      let coveredLines = 0;
      const built = await build(() => {
        coveredSeq = this.queuedSeq;
        coveredLines = this.queue.length;
        return this.unwritten(coveredLines);
      });
      if (this.rewriteAborted) return null;
      const handle = await openHandle(tmp, 'w', 0o600);
      tmpCreated = true;
      try {
        await handle.writeFile(built.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (this.rewriteAborted) return null;
      // From here on synchronous, so no write or flushSync() can slip in between. The old file is
      // closed before the rename because Windows will not replace a file that is open.
      if (this.fd !== null) {
        closeSync(this.fd);
        this.fd = null;
      }
      try {
        renameSync(tmp, this.path);
      } catch (err) {
        this.openFile();
        throw err;
      }
      tmpCreated = false;
      this.queue.splice(0, coveredLines);
      this.carry = null;
      if (this.openFile()) this.succeed(coveredSeq);
      return built.result;
    } catch (err) {
      this.logger.log('error', `history: compacting ${this.path} failed: ${errorMessage(err)}`, {
        path: this.path,
        code: errorCode(err),
      });
      return null;
    } finally {
      if (tmpCreated) await rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  private schedule(): void {
    this.wanted = true;
    if (this.scheduled || this.running !== null || this.rewriting !== null || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startWrite();
    });
  }

  private startWrite(): void {
    if (this.running !== null || this.rewriting !== null || this.closed) return;
    if (this.writtenSeq >= this.queuedSeq) return;
    this.running = this.writeBatch().finally(() => {
      this.running = null;
      // After a failure, retry only for an append() or flush() made since, never in a loop.
      if (this.writtenSeq < this.queuedSeq && (this.failure === null || this.wanted)) this.schedule();
    });
  }

  private async writeBatch(): Promise<void> {
    this.wanted = false;
    if (this.fd === null && !this.openFile()) return;
    const fd = this.fd;
    if (fd === null) return;
    const batch = this.takeBatch();
    this.current = batch;
    let written = 0;
    try {
      while (written < batch.buf.length) {
        written += await writeAt(fd, batch.buf, written, batch.buf.length - written, batch.pos + written);
        if (batch.superseded) return;
      }
    } catch (err) {
      if (batch.superseded) return;
      this.size = batch.pos + written;
      this.carry = batch.buf.subarray(written);
      this.fail(err);
      return;
    } finally {
      if (this.current === batch) this.current = null;
    }
    this.size = batch.pos + batch.buf.length;
    this.succeed(batch.endSeq);
  }

  /** Everything not yet written, as one buffer to write at `size`. */
  private takeBatch(): Batch {
    const buf = this.unwritten(this.queue.length);
    this.freshLine = false;
    this.queue = [];
    this.carry = null;
    return { buf, pos: this.size, endSeq: this.queuedSeq, superseded: false };
  }

  /** The bytes that follow the file's `size`: the carry of a failed write, then the first `lines` queued lines. */
  private unwritten(lines: number): Buffer {
    let text = (lines === this.queue.length ? this.queue : this.queue.slice(0, lines)).join('');
    if (this.freshLine && this.carry === null) text = '\n' + text;
    const fresh = Buffer.from(text, 'utf8');
    return this.carry === null ? fresh : Buffer.concat([this.carry, fresh]);
  }

  private succeed(endSeq: number): void {
    if (endSeq > this.writtenSeq) this.writtenSeq = endSeq;
    if (this.waiters.length > 0) {
      const pending: typeof this.waiters = [];
      for (const waiter of this.waiters) {
        if (waiter.seq <= this.writtenSeq) waiter.resolve();
        else pending.push(waiter);
      }
      this.waiters = pending;
    }
    if (this.failure !== null) {
      this.failure = null;
      this.logger.log('info', `history: writing ${this.path} works again`, { path: this.path });
      this.onStatus(null);
    }
  }

  private fail(err: unknown): void {
    const error = toError(err);
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    const first = this.failure === null;
    this.failure = error;
    if (first) {
      this.logger.log('error', `history: cannot write ${this.path}: ${error.message} (kept in memory)`, {
        path: this.path,
        code: errorCode(err),
      });
      this.onStatus(error);
    }
  }
}
