import type { Readable } from 'node:stream';

/**
 * Anything with on/off: node's EventEmitter, a socket.io-client Socket (v2 as typed in app/types,
 * or v4), a ChildProcess…
 */
export interface Listenable {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface OnceOptions<A extends unknown[]> {
  /** Default 5 s. */
  readonly timeoutMs?: number;
  /** Only resolve on an emission whose arguments pass this. */
  readonly filter?: (...args: A) => boolean;
  /** Appended to the timeout error (e.g. () => echo.process.describe()). */
  readonly context?: () => string;
}

/**
 * Resolve with the arguments of the next `event` (passing `filter`), or reject after `timeoutMs`
 * with a message naming the event, what was seen instead, and `context()`.
 */
export function once<A extends unknown[] = unknown[]>(emitter: Listenable, event: string, opts: OnceOptions<A> = {}): Promise<A> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  return new Promise<A>((resolve, reject) => {
    const rejected: string[] = [];
    const listener = (...args: A): void => {
      if (opts.filter && !opts.filter(...args)) {
        if (rejected.length < 10) rejected.push(preview(args));
        return;
      }
      clearTimeout(timer);
      emitter.off(event, listener as (...args: unknown[]) => void);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener as (...args: unknown[]) => void);
      const seen = rejected.length ? `; emissions refused by the filter: ${rejected.join(' | ')}` : '';
      const ctx = opts.context ? `\n${opts.context()}` : '';
      reject(new Error(`timed out after ${timeoutMs} ms waiting for event '${event}'${seen}${ctx}`));
    }, timeoutMs);
    emitter.on(event, listener as (...args: unknown[]) => void);
  });
}

/** Collects every emission of an event from now on; wait for a count or a match without polling. */
export class Collector<A extends unknown[] = unknown[]> {
  readonly items: A[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly listener = (...args: A): void => {
    this.items.push(args);
    for (const w of [...this.waiters]) w();
  };

  constructor(
    private readonly emitter: Listenable,
    readonly event: string,
  ) {
    emitter.on(event, this.listener as (...args: unknown[]) => void);
  }

  /** Resolve once `count` emissions have been collected (counting those already in). */
  waitForCount(count: number, timeoutMs = 5_000, context?: () => string): Promise<A[]> {
    return this.waitUntil(
      () => (this.items.length >= count ? this.items.slice(0, count) : undefined),
      timeoutMs,
      () => `${count} × '${this.event}' (have ${this.items.length})`,
      context,
    );
  }

  /** Resolve with the first collected emission (past or future) matching `predicate`. */
  waitFor(predicate: (...args: A) => boolean, timeoutMs = 5_000, context?: () => string): Promise<A> {
    return this.waitUntil(
      () => this.items.find((args) => predicate(...args)),
      timeoutMs,
      () => `a matching '${this.event}' (have ${this.items.length}: ${this.items.slice(-5).map(preview).join(' | ')})`,
      context,
    );
  }

  stop(): void {
    this.emitter.off(this.event, this.listener as (...args: unknown[]) => void);
  }

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: () => string, context?: () => string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const waiter = (): void => {
        const v = check();
        if (v === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}${context ? `\n${context()}` : ''}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

export function collect<A extends unknown[] = unknown[]>(emitter: Listenable, event: string): Collector<A> {
  return new Collector<A>(emitter, event);
}

export type LineFilter = RegExp | ((line: string) => boolean);

/**
 * Reads a stream (a child's stdout) line by line. nextLine() consumes lines in order: it returns
 * the first not-yet-consumed line matching the filter, skipping (and consuming) the lines before it.
 */
export class LineReader {
  /** Every line read so far, consumed or not. */
  readonly lines: string[] = [];
  private cursor = 0;
  private partial = '';
  private ended = false;
  private readonly waiters = new Set<() => void>();

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split(/\r?\n/);
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    stream.on('end', () => this.finish());
    stream.on('close', () => this.finish());
  }

  nextLine(filter: LineFilter = () => true, timeoutMs = 5_000): Promise<string> {
    const matches = typeof filter === 'function' ? filter : (line: string) => {
      filter.lastIndex = 0;
      return filter.test(line);
    };
    const scan = (): string | undefined => {
      while (this.cursor < this.lines.length) {
        const line = this.lines[this.cursor++];
        if (line !== undefined && matches(line)) return line;
      }
      return undefined;
    };
    const found = scan();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<string>((resolve, reject) => {
      const waiter = (): void => {
        const line = scan();
        if (line !== undefined) {
          done();
          resolve(line);
        } else if (this.ended) {
          done();
          reject(new Error(`stream ended before a line matching ${String(filter)}; last lines:\n${this.tail()}`));
        }
      };
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a line matching ${String(filter)}; last lines:\n${this.tail()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      if (this.ended) waiter();
    });
  }

  private finish(): void {
    if (this.ended) return;
    if (this.partial) {
      this.lines.push(this.partial);
      this.partial = '';
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private tail(): string {
    return this.lines.slice(-20).map((l) => `  | ${l}`).join('\n') || '  | (nothing)';
  }
}

function preview(args: readonly unknown[]): string {
  try {
    const s = JSON.stringify(args);
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return String(args);
  }
}
