import { isRecord } from '../auth/laravel-client.js';
import type { StoredNotification } from '../pipeline/notification.js';

export type { StoredNotification };

export type FeedShape = 'paginator' | 'resource collection' | 'array';

export type FeedPage =
  | {
      readonly ok: true;
      readonly shape: FeedShape;
      readonly items: readonly StoredNotification[];
      /** The next (older) page's URL, when there is one. */
      readonly next: string | undefined;
      /** The paginator's or resource meta's `total`, when given. */
      readonly total: number | undefined;
      /** Items skipped because they were not notifications (no id, data not an object). */
      readonly skipped: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a page of the user's database notifications in any of the shapes Laravel gives it:
 * `$user->notifications()->paginate()` (`{"current_page", "data", "next_page_url", …}`), an API
 * resource collection (`{"data", "links": {"next"}, "meta"}`) or a plain array (`->get()`).
 */
export function parseFeedPage(body: unknown): FeedPage {
  let rows: unknown[];
  let shape: FeedShape;
  let next: unknown;
  let total: unknown;
  if (Array.isArray(body)) {
    rows = body;
    shape = 'array';
  } else if (isRecord(body) && Array.isArray(body.data)) {
    rows = body.data;
    if ('next_page_url' in body || 'current_page' in body) {
      shape = 'paginator';
      next = body.next_page_url;
      total = body.total;
    } else {
      shape = 'resource collection';
      next = isRecord(body.links) ? body.links.next : undefined;
      total = isRecord(body.meta) ? body.meta.total : undefined;
    }
  } else {
    const expected = 'expected a list of notifications (a paginator, a resource collection or an array)';
    return { ok: false, reason: `${expected}, got ${describe(body)}` };
  }
  const items: StoredNotification[] = [];
  let skipped = 0;
  for (const row of rows) {
    const item = toStoredNotification(row);
    if (item) items.push(item);
    else skipped++;
  }
  return {
    ok: true,
    shape,
    items,
    next: typeof next === 'string' && next !== '' ? next : undefined,
    total: typeof total === 'number' ? total : undefined,
    skipped,
  };
}

function toStoredNotification(row: unknown): StoredNotification | undefined {
  if (!isRecord(row) || typeof row.id !== 'string' || row.id === '') return undefined;
  let data: unknown = row.data;
  // A resource that forgot the model's array cast hands out the column's JSON text.
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(data) && data.length === 0) data = {};
  if (!isRecord(data)) return undefined;
  return {
    id: row.id,
    type: typeof row.type === 'string' && row.type !== '' ? row.type : undefined,
    data,
    readAt: laravelTime(row.read_at),
    createdAt: laravelTime(row.created_at),
  };
}

/** Laravel 8's `2021-06-01T12:00:00.000000Z`, or Laravel 6's `2021-06-01 12:00:00` (taken as UTC). */
function laravelTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function describe(value: unknown): string {
  if (value === undefined) return 'an empty answer';
  if (typeof value === 'string') return `text (${JSON.stringify(value.slice(0, 60))})`;
  if (isRecord(value)) return `an object with keys ${Object.keys(value).slice(0, 8).join(', ') || '(none)'}`;
  return typeof value;
}
