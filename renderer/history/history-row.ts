import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, icon, payloadText, replaceContent, setAttr, setText } from '../dom.js';
import { t, tr } from '../i18n.js';

/** Must match `.vrow` height in index.css. */
export const ROW_HEIGHT = 78;

/**
 * Paints one history row. Every piece of the entry is event data: it goes in as text
 * (textContent, attribute values), never as markup.
 */
export function paintRow(row: HTMLElement, entry: HistoryEntry | undefined, now: number, channelName: (channel: string) => string): void {
  const name = entry === undefined ? '' : channelName(entry.channel);
  const key = entry === undefined ? 'loading' : `${entry.id}\u0000${entry.read ? 1 : 0}\u0000${name}`;
  if (row.dataset.key !== key) {
    row.dataset.key = key;
    row.classList.toggle('loading', entry === undefined);
    row.classList.toggle('unread', entry !== undefined && !entry.read);
    if (entry === undefined) replaceContent(row, el('div', { className: 'row-placeholder', text: t('history.loading') }));
    else replaceContent(row, rowContent(entry, name));
  }
  const time = row.querySelector('time');
  if (entry !== undefined && time !== null) setText(time, tr().relativeTime(entry.receivedAt, now));
}

function rowContent(entry: HistoryEntry, channelName: string): HTMLElement {
  if (entry.offlineFrom !== undefined) return gapContent(entry, entry.offlineFrom);
  const body = payloadText('div', 'row-body', entry.body);
  if (entry.body !== '') setAttr(body, 'title', entry.body);
  return rowLayout(
    !entry.read,
    [
      payloadText('span', 'row-title', entry.title),
      entry.url === '' ? null : linkMark(),
      entry.urgency === 'critical' ? el('span', { className: 'tag tag-urgent', text: t('history.urgent') }) : null,
      rowTime(entry.receivedAt),
    ],
    body,
    el('div', { className: 'row-meta' }, channelTag(channelName, entry.channel)),
  );
}

/** The layout every list row shares (an item, a burst): unread dot, a head line, the body, optional meta. */
export function rowLayout(unread: boolean, head: readonly (Node | null)[], body: HTMLElement, meta?: HTMLElement): HTMLElement {
  return el(
    'div',
    { className: 'row-inner' },
    el('span', { className: 'unread-dot', attrs: { 'aria-hidden': 'true' } }),
    el(
      'div',
      { className: 'row-main' },
      el('div', { className: 'row-head' }, unread ? el('span', { className: 'sr-only', text: t('history.unreadPrefix') }) : null, ...head),
      body,
      meta ?? null,
    ),
  );
}

/** A row's time: relative text (painted later), the exact local time as its tooltip. */
export function rowTime(iso: string): HTMLElement {
  return el('time', { className: 'row-time', attrs: { datetime: iso, title: tr().exactTime(iso) } });
}

/** Two chain links: this notification opens a page. */
const LINK_PATHS = ['M6.5 9.5l3-3', 'M7 4.5l1.2-1.2a2.6 2.6 0 0 1 3.7 3.7L10.7 8.2', 'M9 11.5l-1.2 1.2a2.6 2.6 0 0 1-3.7-3.7L5.3 7.8'];

function linkMark(): HTMLElement {
  const name = t('history.hasLink');
  return el('span', { className: 'row-link', attrs: { role: 'img', 'aria-label': name, title: name } }, icon('icon', ...LINK_PATHS));
}

/** A connection gap: events other than Laravel notifications sent in this span never arrived. */
function gapContent(entry: HistoryEntry, from: string): HTMLElement {
  const time = rowTime(entry.receivedAt);
  return el(
    'div',
    { className: 'row-inner row-gap' },
    el(
      'div',
      { className: 'row-main' },
      el(
        'div',
        { className: 'row-head' },
        el('span', { className: 'row-title', text: t('history.gapTitle', { span: tr().timeSpan(from, entry.receivedAt) }) }),
        time,
      ),
      el('div', { className: 'row-body', text: t('history.gapBody') }),
    ),
  );
}

/** The channel as staff read it (its label), the raw name as a tooltip for whoever supports them. */
function channelTag(name: string, channel: string): HTMLElement {
  const tag = payloadText('span', 'row-channel', name);
  setAttr(tag, 'title', channel);
  return tag;
}
