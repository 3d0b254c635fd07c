export interface SlicedQueueOptions {
  /** Longest stretch of work before the event loop gets to read sockets again. */
  readonly sliceMs: number;
  /** Items held at most; beyond that new ones are dropped and counted. */
  readonly maxQueued: number;
  /** Called with the number of items dropped, once per overflow episode (and again as it grows tenfold). */
  readonly onOverflow: (dropped: number) => void;
  /** A handler threw: reported, the queue goes on. */
  readonly onError: (err: unknown) => void;
  readonly now?: () => number;
}

/**
 * Runs each item's work inline while the current turn of the event loop still has budget, and
 * queues it otherwise, draining the queue in slices between socket reads. A burst thus never keeps
 * the process from reading its socket: the backlog waits here instead of in the server's output
 * buffer (Redis cuts a pub/sub client off at 32 MB), and the latency of a lone event is not touched.
 */
export class SlicedQueue<T> {
  private items: T[] = [];
  private head = 0;
  private sliceStart: number | undefined;
  private drainScheduled = false;
  private droppedTotal = 0;
  private nextOverflowReport = 1;
  private readonly now: () => number;

  constructor(
    private readonly handle: (item: T) => void,
    private readonly opts: SlicedQueueOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Items waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  get dropped(): number {
    return this.droppedTotal;
  }

  push(item: T): void {
    if (this.length === 0 && this.withinSlice()) {
      this.run(item);
      return;
    }
    if (this.length >= this.opts.maxQueued) {
      this.droppedTotal++;
      if (this.droppedTotal >= this.nextOverflowReport) {
        this.nextOverflowReport = this.droppedTotal * 10;
        this.opts.onOverflow(this.droppedTotal);
      }
      return;
    }
    this.items.push(item);
    this.scheduleDrain();
  }

  /** Runs everything still queued, now (on stop, so nothing received is lost). */
  drainAll(): void {
    while (this.length > 0) this.run(this.take());
  }

  /** Forgets everything queued. */
  clear(): void {
    this.items = [];
    this.head = 0;
    // An empty queue ends the overflow episode: the next drop is reported at once.
    this.nextOverflowReport = this.droppedTotal + 1;
  }

  private withinSlice(): boolean {
    const now = this.now();
    if (this.sliceStart === undefined) {
      this.sliceStart = now;
      setImmediate(() => {
        this.sliceStart = undefined;
      });
      return true;
    }
    return now - this.sliceStart < this.opts.sliceMs;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.drainScheduled = false;
    const started = this.now();
    while (this.length > 0) {
      this.run(this.take());
      if (this.now() - started >= this.opts.sliceMs) break;
    }
    if (this.length > 0) this.scheduleDrain();
  }

  private take(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head === this.items.length) this.clear();
    else if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private run(item: T): void {
    try {
      this.handle(item);
    } catch (err) {
      this.opts.onError(err);
    }
  }
}
