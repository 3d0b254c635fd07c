/** A network failure in words: `ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:6001)`, `no answer within 3000 ms`. */
export function errorReason(err: unknown, timeoutMs?: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return timeoutMs === undefined ? 'no answer (timed out)' : `no answer within ${timeoutMs} ms`;
  const cause = (err as Error & { cause?: unknown }).cause;
  const source = cause instanceof Error ? cause : err;
  // undici's fetch refuses the browsers' "bad ports" before connecting, saying only "bad port".
  if (source.message === 'bad port') return 'its port is one that fetch refuses to use (the browsers\' "bad ports" list, e.g. 6000, 6665-6669, 10080): serve it on another port';
  const code = (source as NodeJS.ErrnoException).code;
  return code ? `${code} (${source.message})` : source.message;
}
