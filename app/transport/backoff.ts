export interface BackoffOptions {
  readonly minMs: number;
  readonly maxMs: number;
  /** After the server dropped an established connection: attempts are spread over this window. */
  readonly windowMs?: number;
  /** Random source in [0, 1): injected so tests can pin the jitter. */
  readonly random?: () => number;
  /** Monotonic ms, injected for tests. */
  readonly now?: () => number;
}

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet
 * of desktops that lost the relay at the same second does not come back at the same second.
 *
 * After a server-side drop (relay deploy or crash: every desktop of the company at once) the
 * attempts are instead spread uniformly over a window ("full jitter"): the first anywhere in it, and
 * one that fails because the server is not back yet anywhere in what is left of it, so the fleet
 * does not bunch up at the moment the server returns. After the window, the backoff as usual.
 */
export class Backoff {
  private attempt = 0;
  private readonly random: () => number;
  private readonly now: () => number;
  /** End of the spreading window after a drop (ms on `now`'s scale); 0 = none. */
  private windowEnd = 0;

  constructor(private readonly opts: BackoffOptions) {
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? (() => performance.now());
  }

  next(): number {
    const left = this.windowEnd - this.now();
    if (left > this.opts.minMs) return Math.round(this.opts.minMs / 2 + (left - this.opts.minMs / 2) * this.random());
    this.windowEnd = 0;
    const ceiling = Math.min(this.opts.maxMs, this.opts.minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  /** The first delay after a server-side drop: anywhere in the window. */
  afterDrop(): number {
    this.attempt = 0;
    const windowMs = this.opts.windowMs ?? this.opts.minMs;
    this.windowEnd = this.now() + windowMs;
    return Math.round(windowMs * this.random());
  }

  get attempts(): number {
    return this.attempt;
  }

  /** Connected: start over (and no spreading window any more). */
  reset(): void {
    this.attempt = 0;
    this.windowEnd = 0;
  }
}
