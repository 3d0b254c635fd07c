import type { Clock } from '../util/clock.js';

/**
 * "Busy, ask again later", from Laravel's `/broadcasting/auth` or from a relay: every caller that
 * gets one waits here, so the rule (Retry-After, plus jitter, never sooner) lives in one place.
 */

/** Laravel's throttle middleware (429), maintenance mode or an overloaded proxy (503). */
export function isBusyStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** The longest Retry-After honoured as sent: a misconfigured proxy must not park the desktop for a day. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, in ms from `nowMs` (≥ 0, capped
 * at {@link MAX_RETRY_AFTER_MS}); undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP-date names a day of the week and GMT; Date.parse alone would also take "5" or "2026".
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

export interface BusyPolicy {
  /** Wait when the answer names none (laravel-echo-server passes on the status, not the header). */
  readonly fallbackMs: number;
  /** Up to this much is added at random, so a fleet told the same Retry-After does not come back at once. */
  readonly jitterMs: number;
  readonly random: () => number;
}

/** Defaults: a few seconds, spread over as many again. */
export const DEFAULT_BUSY_POLICY: BusyPolicy = { fallbackMs: 5000, jitterMs: 5000, random: Math.random };

/**
 * How long to wait before asking again: Retry-After (else the fallback, doubled per busy answer in a
 * row up to 8×), plus jitter in [0, jitterMs). Never less than Retry-After.
 */
export function busyDelay(retryAfterMs: number | undefined, busyInARow: number, policy: BusyPolicy = DEFAULT_BUSY_POLICY): number {
  const base = retryAfterMs ?? policy.fallbackMs * 2 ** Math.min(Math.max(0, busyInARow - 1), 3);
  return Math.ceil(base + policy.jitterMs * policy.random());
}

/** What a throttled desktop says instead of an error. */
export function busyReason(delayMs: number): string {
  return `server busy, retrying in ${Math.max(1, Math.ceil(delayMs / 1000))} s`;
}

/** Timers for transports: unref'd, so a waiting retry never keeps the CLI alive on its own. */
export const transportClock: Clock = {
  now: () => new Date(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * The pending "ask again" timers of one transport, on an injectable clock: cancelled all at once
 * when the connection they belong to is gone.
 */
export class BusyWaits {
  private readonly cancels = new Set<() => void>();
  private readonly streak = new Map<string, number>();

  constructor(
    private readonly clock: Clock = transportClock,
    private readonly policy: BusyPolicy = DEFAULT_BUSY_POLICY,
  ) {}

  /** A busy answer for `key` (a channel): schedules `again` and returns the wait in ms. */
  wait(key: string, retryAfterMs: number | undefined, again: () => void): number {
    const inARow = (this.streak.get(key) ?? 0) + 1;
    this.streak.set(key, inARow);
    const delay = busyDelay(retryAfterMs, inARow, this.policy);
    const cancel = this.clock.schedule(() => {
      this.cancels.delete(cancel);
      again();
    }, delay);
    this.cancels.add(cancel);
    return delay;
  }

  /** A real answer came for `key`: the next busy one starts from the fallback again. */
  answered(key: string): void {
    this.streak.delete(key);
  }

  cancelAll(): void {
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }
}
