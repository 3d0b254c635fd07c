import type { TrayNotification, Urgency } from '../pipeline/notification.js';

/**
 * One line of the history file (JSON Lines). State records apply to the notes that come before
 * them in the file: `read` marks those ids read, `unread` marks them unread again, `readAll` marks
 * every earlier note read, and
 * `clear` discards everything before it. A compacted file holds only notes, each with its read flag.
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

/** A copy of the TrayNotification fields of `value`, or null if any of them is missing or mistyped. */
export function toNotification(value: unknown): TrayNotification | null {
  if (!isRecord(value)) return null;
  const { id, channel, event, title, body, url, receivedAt, urgency, type, offlineFrom, burst } = value;
  if (typeof id !== 'string' || id === '') return null;
  if (typeof channel !== 'string' || typeof event !== 'string') return null;
  if (typeof title !== 'string' || typeof body !== 'string' || typeof url !== 'string') return null;
  if (typeof receivedAt !== 'string' || !isUrgency(urgency)) return null;
  if (type !== undefined && typeof type !== 'string') return null;
  if (offlineFrom !== undefined && typeof offlineFrom !== 'string') return null;
  if (burst !== undefined && typeof burst !== 'string') return null;
  return {
    id, channel, event, title, body, url, receivedAt, urgency,
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

/** The line (with its newline) for a note. `read` is written only when true, to keep lines short. */
export function formatNote(n: TrayNotification, read: boolean): string {
  const record: Record<string, string | boolean> = {
    k: 'note',
    id: n.id,
    channel: n.channel,
    event: n.event,
    title: n.title,
    body: n.body,
    url: n.url,
    receivedAt: n.receivedAt,
    urgency: n.urgency,
  };
  if (n.type !== undefined) record['type'] = n.type;
  if (n.offlineFrom !== undefined) record['offlineFrom'] = n.offlineFrom;
  if (n.burst !== undefined) record['burst'] = n.burst;
  if (read) record['read'] = true;
  return JSON.stringify(record) + '\n';
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
