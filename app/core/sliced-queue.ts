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

/** Once this share of the slice is spent inline, a refill of the budget is scheduled. */
const REFILL_WHEN_SPENT = 0.25;

/**
 * Runs each item's work inline while the budget of work between socket reads lasts, and queues it
 * otherwise, draining the queue in slices between socket reads. A burst thus never keeps the
 * process from reading its socket: the backlog waits here instead of in the server's output buffer
 * (Redis cuts a pub/sub client off at 32 MB), and the latency of a lone event is not touched.
 */
export class SlicedQueue<T> {
  private items: T[] = [];
  private head = 0;
  /** Inline work (ms) since the budget was last refilled. */
  private spent = 0;
  private refillScheduled = false;
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
    if (this.length === 0 && this.spent < this.opts.sliceMs) {
      const started = this.now();
      this.run(item);
      this.spend(this.now() - started);
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

  /**
   * The budget is refilled at the event loop's next check phase, which comes after it read its
   * sockets. The refill is scheduled only once the budget is dented, not per item: a timer costs a
   * lone event more than its own work does.
   */
  private spend(ms: number): void {
    this.spent += ms;
    if (this.refillScheduled || this.spent < this.opts.sliceMs * REFILL_WHEN_SPENT) return;
    this.refillScheduled = true;
    setImmediate(() => {
      this.refillScheduled = false;
      this.spent = 0;
    });
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
