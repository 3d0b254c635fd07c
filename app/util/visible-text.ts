// Event payloads, channel names and server answers are untrusted text. Before any of it reaches a
// terminal, a log or a toast, control characters (C0, DEL, C1), line/paragraph separators and the
// explicit bidi formatting characters (embeddings, overrides, isolates) are made visible or removed:
// otherwise `\n` forges a second line, `ESC ]`/`CSI` drive the terminal, and U+202E makes
// "\u202Egnp.exe" read as "exe.png".

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_KEEPING_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_IN_JSON = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return SHORT[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One line of text: every unsafe character written as an escape (`\n`, `\x1b`, `\u202e`). */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** For what users read (toasts, the window): unsafe characters removed, tabs and line breaks kept. */
export function withoutControls(text: string): string {
  return text.replace(UNSAFE_KEEPING_LINES, '');
}

/** JSON.stringify escapes C0 only; this also escapes C1, separators and bidi controls (still valid JSON). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A `key=value` log field: visible text, quoted when it holds spaces, quotes or `=`, or is empty. */
export function logFieldValue(value: string | number | boolean | null): string {
  const text = visibleText(String(value));
  return text === '' || /[\s"=]/.test(text) ? `"${text.replaceAll('"', '\\"')}"` : text;
}
