// Every "what was thrown, in words" lives here: the plain message, the message with its network cause, and the doctor's
// network reason. (The window has its own `errorText` in renderer/bridge.ts: it only sees an invoke's words.)

/** The message of whatever was thrown (a non-Error is stringified). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stack when there is one, for the log of an unexpected failure; otherwise as `errorMessage`. */
export function errorDetail(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** One line saying what went wrong, with the network cause (ECONNREFUSED…) when there is one (socket.io's `description`). */
export function errorWithCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const extra = err as Error & { description?: unknown; cause?: unknown };
  const cause = extra.cause instanceof Error ? extra.cause : extra.description instanceof Error ? extra.description : undefined;
  if (cause) return `${err.message}: ${codeAndMessage(cause)}`;
  if (typeof extra.description === 'number') return `${err.message} (${extra.description})`;
  // engine.io-client over `ws` describes with the ErrorEvent, e.g. "Unexpected server response: 503".
  const event = extra.description as { message?: unknown } | null | undefined;
  if (typeof event === 'object' && event !== null && typeof event.message === 'string' && event.message !== '') {
    return `${err.message}: ${event.message}`;
  }
  return err.message;
}

/** A network failure in words: `ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:6001)`, `no answer within 3000 ms`. */
export function errorReason(err: unknown, timeoutMs?: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return timeoutMs === undefined ? 'no answer (timed out)' : `no answer within ${timeoutMs} ms`;
  }
  const cause = (err as Error & { cause?: unknown }).cause;
  const source = cause instanceof Error ? cause : err;
  // undici's fetch refuses the browsers' "bad ports" before connecting, saying only "bad port".
  if (source.message === 'bad port') {
    return 'its port is one that fetch refuses to use (the browsers\' "bad ports" list, e.g. 6000, 6665-6669, 10080): serve it on '
      + 'another port';
  }
  return codeAndMessage(source);
}

function codeAndMessage(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code} (${err.message})` : err.message;
}
