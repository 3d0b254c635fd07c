export interface BackoffOptions {
  readonly minMs: number;
  readonly maxMs: number;
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

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
