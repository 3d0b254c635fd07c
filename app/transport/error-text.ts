/** One line saying what went wrong, with the network cause (ECONNREFUSED…) when there is one. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const extra = err as Error & { description?: unknown; cause?: unknown };
  const cause = extra.cause instanceof Error ? extra.cause : extra.description instanceof Error ? extra.description : undefined;
  if (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${err.message}: ${code ? `${code} (${cause.message})` : cause.message}`;
  }
  if (typeof extra.description === 'number') return `${err.message} (${extra.description})`;
  return err.message;
}
