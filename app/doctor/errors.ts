/** A network failure in words: `ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:6001)`, `no answer within 3000 ms`. */
export function errorReason(err: unknown, timeoutMs?: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return timeoutMs === undefined ? 'no answer (timed out)' : `no answer within ${timeoutMs} ms`;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== undefined && !(err as Error & { cause?: unknown }).cause) return `${code} (${err.message})`;
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return err.message;
}
