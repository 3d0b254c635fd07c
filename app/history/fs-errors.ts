export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** The errno code (`ENOENT`, `EACCES`, …) of a Node file system error, if it has one. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
