import type { TrayNotification, Urgency } from '../pipeline/notification.js';

/**
 * One line of the history file (JSON Lines). State records apply to the notes that come before
 * them in the file: `read` marks those ids read, `unread` marks them unread again, `readAll` marks
 * every earlier note read, and `clear` discards everything before it. A file compacted from memory
 * holds only notes, each with its read flag; one compacted by keeping its newest lines keeps their
 * marks as they were.
 */
export type HistoryRecord =
  | { readonly kind: 'note'; readonly notification: TrayNotification; readonly read: boolean }
  | { readonly kind: 'read'; readonly ids: readonly string[] }
  | { readonly kind: 'unread'; readonly ids: readonly string[] }
  | { readonly kind: 'readAll' }
  | { readonly kind: 'clear' };

const URGENCIES: ReadonlySet<string> = new Set<Urgency>(['low', 'normal', 'critical']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUrgency(value: unknown): value is Urgency {
  return typeof value === 'string' && URGENCIES.has(value);
}

/** True when `value` has every TrayNotification field with the right type (extra fields allowed). */
export function isNotification(value: unknown): value is TrayNotification {
  if (!isRecord(value)) return false;
  const { id, channel, event, title, body, url, receivedAt, urgency, type, offlineFrom, burst } = value;
  if (typeof id !== 'string' || id === '') return false;
  if (typeof channel !== 'string' || typeof event !== 'string') return false;
  if (typeof title !== 'string' || typeof body !== 'string' || typeof url !== 'string') return false;
  if (typeof receivedAt !== 'string' || !isUrgency(urgency)) return false;
  const optionalText = (v: unknown): boolean => v === undefined || typeof v === 'string';
  return optionalText(type) && optionalText(offlineFrom) && optionalText(burst);
}

/** A copy of the TrayNotification fields of `value`, or null if any of them is missing or mistyped. */
export function toNotification(value: unknown): TrayNotification | null {
  if (!isNotification(value)) return null;
  const { id, channel, event, title, body, url, receivedAt, urgency, type, offlineFrom, burst } = value;
  const n: TrayNotification = { id, channel, event, title, body, url, receivedAt, urgency };
  return {
    ...n,
    ...(type === undefined ? {} : { type }),
    ...(offlineFrom === undefined ? {} : { offlineFrom }),
    ...(burst === undefined ? {} : { burst }),
  };
}

/** Parses one line; null when it is not JSON or not a valid record. */
export function parseRecord(line: string): HistoryRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  switch (value['k']) {
    case 'note': {
      const notification = toNotification(value);
      const read = value['read'];
      if (notification === null || (read !== undefined && typeof read !== 'boolean')) return null;
      return { kind: 'note', notification, read: read === true };
    }
    case 'read':
    case 'unread': {
      const ids = value['ids'];
      if (!Array.isArray(ids)) return null;
      const valid: string[] = [];
      for (const id of ids as unknown[]) {
        if (typeof id !== 'string') return null;
        valid.push(id);
      }
      return { kind: value['k'] === 'read' ? 'read' : 'unread', ids: valid };
    }
    case 'readAll':
      return { kind: 'readAll' };
    case 'clear':
      return { kind: 'clear' };
    default:
      return null;
  }
}

/** How the note line of the entry `id` starts (formatNote's first fields): a compaction finds the oldest entry kept by it. */
export function noteLineStart(id: string): string {
  return `{"k":"note","id":${JSON.stringify(id)},`;
}

/**
 * The line (with its newline) for a note. `read` is written only when true, to keep lines short.
 * JSON.stringify's own fast path over a fresh object literal beats writing the fields one by one
 * (2.0-2.3 against 3.1-3.3 µs per line here, the quoting included).
 */
export function formatNote(n: TrayNotification, read: boolean): string {
  const { id, channel, event, title, body, url, receivedAt, urgency, type, offlineFrom, burst } = n;
  return `${JSON.stringify({
    k: 'note',
    id,
    channel,
    event,
    title,
    body,
    url,
    receivedAt,
    urgency,
    ...(type === undefined ? {} : { type }),
    ...(offlineFrom === undefined ? {} : { offlineFrom }),
    ...(burst === undefined ? {} : { burst }),
    ...(read ? { read } : {}),
  })}\n`;
}

// `at` is for people reading the file; the records' meaning is positional.
export function formatRead(ids: readonly string[], at = new Date()): string {
  return JSON.stringify({ k: 'read', ids, at: at.toISOString() }) + '\n';
}

export function formatUnread(ids: readonly string[], at = new Date()): string {
  return JSON.stringify({ k: 'unread', ids, at: at.toISOString() }) + '\n';
}

export function formatReadAll(at = new Date()): string {
  return JSON.stringify({ k: 'readAll', at: at.toISOString() }) + '\n';
}

export function formatClear(at = new Date()): string {
  return JSON.stringify({ k: 'clear', at: at.toISOString() }) + '\n';
}
