import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, payloadText, replaceContent, setAttr, setText } from '../dom.js';
import { exactTime, relativeTime } from '../format/relative-time.js';

/** Must match `.vrow` height in index.css. */
export const ROW_HEIGHT = 78;

/**
 * Paints one history row. Every piece of the entry is event data: it goes in as text
 * (textContent, attribute values), never as markup.
 */
export function paintRow(row: HTMLElement, entry: HistoryEntry | undefined, now: number): void {
  const key = entry === undefined ? 'loading' : `${entry.id}\u0000${entry.read ? 1 : 0}`;
  if (row.dataset.key !== key) {
    row.dataset.key = key;
    row.classList.toggle('loading', entry === undefined);
    row.classList.toggle('unread', entry !== undefined && !entry.read);
    if (entry === undefined) replaceContent(row, el('div', { className: 'row-placeholder', text: 'Loading…' }));
    else replaceContent(row, rowContent(entry));
  }
  const time = row.querySelector('time');
  if (entry !== undefined && time !== null) setText(time, relativeTime(entry.receivedAt, now));
}

function rowContent(entry: HistoryEntry): HTMLElement {
  const time = el('time', { className: 'row-time', attrs: { datetime: entry.receivedAt, title: exactTime(entry.receivedAt) } });
  const body = payloadText('div', 'row-body', entry.body);
  if (entry.body !== '') setAttr(body, 'title', entry.body);
  return el(
    'div',
    { className: 'row-inner' },
    el('span', { className: 'unread-dot', attrs: { 'aria-hidden': 'true' } }),
    el(
      'div',
      { className: 'row-main' },
      el(
        'div',
        { className: 'row-head' },
        entry.read ? null : el('span', { className: 'sr-only', text: 'Unread: ' }),
        payloadText('span', 'row-title', entry.title),
        entry.urgency === 'critical' ? el('span', { className: 'tag tag-urgent', text: 'Urgent' }) : null,
        time,
      ),
      body,
      el('div', { className: 'row-meta' }, payloadText('span', 'row-channel', entry.channel)),
    ),
  );
}
