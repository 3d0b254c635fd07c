export interface BackoffOptions {
  readonly minMs: number;
  readonly maxMs: number;
  /** After the server dropped an established connection: the first attempt falls anywhere in this window. */
  readonly windowMs?: number;
  /** Random source in [0, 1): injected so tests can pin the jitter. */
  readonly random?: () => number;
}

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet
 * of desktops that lost the relay at the same second does not come back at the same second.
 */
export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly opts: BackoffOptions) {
    this.random = opts.random ?? Math.random;
  }

  next(): number {
    const ceiling = Math.min(this.opts.maxMs, this.opts.minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  /**
   * The first delay after a server-side drop (relay deploy, crash): "full jitter" over the whole
   * window, since every desktop of the company lost the relay at the same moment and would otherwise
   * come back (and ask /broadcasting/auth) within the same second. Later attempts use next().
   */
  afterDrop(): number {
    this.attempt = 0;
    return Math.round((this.opts.windowMs ?? this.opts.minMs) * this.random());
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
