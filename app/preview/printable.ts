/**
 * Event text made safe for a terminal: control characters (ANSI escapes, carriage returns, bells)
 * from a payload must not rewrite the preview's output. Newlines become spaces.
 */
export function printable(text: string, max = 300): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
