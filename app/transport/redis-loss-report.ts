/** `run_id` of `INFO server`: a new one means the server restarted (or Sentinel failed over). */
export function runIdOf(info: string): string | undefined {
  return /^run_id:([0-9a-f]+)\s*$/m.exec(info)?.[1];
}

export interface Outage {
  /** When the ready connection was lost (ms, performance.now()). */
  readonly lostAt: number;
  /** Why we dropped it ourselves (heartbeat), if we did. */
  readonly cause: string | undefined;
}

/**
 * What the user is told once the subscription is back after an outage: Redis pub/sub keeps
 * nothing for a subscriber that is away, so whatever was published in between is gone.
 */
export function lossReport(outage: Outage, backAt: number, before: string | undefined, after: string | undefined): string {
  const secs = Math.max(0, (backAt - outage.lostAt) / 1000);
  const span = secs < 10 ? secs.toFixed(1) : Math.round(secs).toString();
  const why =
    outage.cause ??
    (before === undefined || after === undefined
      ? 'the connection to Redis was lost'
      : before === after
        ? 'connection dropped by Redis while it kept running (most likely its client-output-buffer-limit for pub/sub: the notifier fell '
          + 'behind a burst)'
        : 'Redis restarted or failed over to another server');
  return `${why}: events may have been lost (those published in the ${span} s until the subscription was back; Redis keeps nothing for `
    + `an absent subscriber)`;
}
