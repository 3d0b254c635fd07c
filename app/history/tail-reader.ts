import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;
const DEFAULT_CHUNK = 64 * 1024;
/** A "line" longer than this is garbage (e.g. a run of NUL bytes left by a crash), not a record. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

async function readFully(handle: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await handle.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new Error(`file shrank while reading (at byte ${position + done})`);
    done += bytesRead;
  }
}

/**
 * Reads a file's lines from the end towards the start, one chunk per `next()`, so the newest
 * lines are available without reading the whole file. Lines are split on bytes, then decoded,
 * so a multi-byte character that straddles two chunks is decoded whole.
 */
export class BackwardLineReader {
  private pos: number;
  /** Bytes of the line being assembled (it started before `pos`), in file order. */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private oversized = false;
  private done = false;

  constructor(
    private readonly handle: FileHandle,
    end: number,
    private readonly chunkSize = DEFAULT_CHUNK,
  ) {
    this.pos = end;
  }

  /** Bytes before this offset have not been read yet. */
  get position(): number {
    return this.pos;
  }

  /**
   * The lines of the next chunk, newest first, without their newlines; `null` stands for a line
   * too long to be real. The first line returned is whatever follows the file's last newline
   * (`''` when the file ends with one). Returns null once the start of the file has been passed.
   */
  async next(): Promise<(string | null)[] | null> {
    if (this.done || this.pos <= 0) {
      this.done = true;
      return null;
    }
    const start = Math.max(0, this.pos - this.chunkSize);
    const buf = Buffer.allocUnsafe(this.pos - start);
    await readFully(this.handle, buf, start);
    this.pos = start;

    const lines: (string | null)[] = [];
    let lineEnd = buf.length;
    while (lineEnd > 0) {
      const nl = buf.lastIndexOf(NEWLINE, lineEnd - 1);
      if (nl < 0) break;
      lines.push(this.takeLine(buf.subarray(nl + 1, lineEnd)));
      lineEnd = nl;
    }
    if (start === 0) {
      lines.push(this.takeLine(buf.subarray(0, lineEnd)));
      this.done = true;
    } else if (lineEnd > 0) {
      this.addCarry(buf.subarray(0, lineEnd));
    }
    return lines;
  }

  private takeLine(head: Buffer): string | null {
    if (this.oversized) {
      this.oversized = false;
      return null;
    }
    if (this.carry.length === 0) return head.toString('utf8');
    const line = Buffer.concat([head, ...this.carry]).toString('utf8');
    this.carry = [];
    this.carryBytes = 0;
    return line;
  }

  private addCarry(part: Buffer): void {
    if (this.oversized) return;
    this.carry.unshift(part);
    this.carryBytes += part.length;
    if (this.carryBytes > MAX_LINE_BYTES) {
      this.oversized = true;
      this.carry = [];
      this.carryBytes = 0;
    }
  }
}

/** Number of newline bytes in the first `end` bytes of the file. */
export async function countNewlines(handle: FileHandle, end: number, chunkSize = 1024 * 1024): Promise<number> {
  let count = 0;
  const buf = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(end, 1)));
  for (let pos = 0; pos < end; pos += buf.length) {
    const part = buf.subarray(0, Math.min(buf.length, end - pos));
    await readFully(handle, part, pos);
    for (let i = part.indexOf(NEWLINE); i >= 0; i = part.indexOf(NEWLINE, i + 1)) count++;
  }
  return count;
}
