/** A short, printable sample of a payload for a log line or a malformed-event report (at most 200 characters). */
export function sampleOf(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep for JSON.stringify, or an object String() cannot print: the sample is only for the log.
    text = Array.isArray(value) ? `[a list of ${value.length} that cannot be printed]` : `[${typeof value} that cannot be printed]`;
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
