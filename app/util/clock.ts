/** Time for the desktop decisions and the transports' timeouts, injected so tests can drive them without waiting. */
export interface Clock {
  now(): Date;
  /** Runs `fn` once after `ms` milliseconds; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

/** setTimeout fires at once for delays above 2^31-1 ms (24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

function systemTimers(keepAlive: boolean): Clock {
  return {
    now: () => new Date(),
    schedule(fn, ms) {
      const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_DELAY_MS));
      if (!keepAlive) timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

export const systemClock: Clock = systemTimers(true);

/** The system clock for background timeouts that must not keep a process alive on their own (unref'd timers). */
export const backgroundClock: Clock = systemTimers(false);
