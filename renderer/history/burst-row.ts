import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, payloadText, replaceContent, setText } from '../dom.js';
import { t, tr } from '../i18n.js';
import { rowLayout, rowTime } from './history-row.js';

/**
 * Paints a folded burst: "12 updates in To-dos ›", the newest one's title below, its time. The
 * state ("collapsed" / "expanded") is in the row's name: an option cannot carry aria-expanded.
 */
export function paintBurstRow(
  row: HTMLElement,
  newest: HistoryEntry | undefined,
  count: number,
  expanded: boolean,
  channel: string,
  now: number,
): void {
  const unread = newest !== undefined && !newest.read;
  const key = `burst\u0000${newest?.id ?? ''}\u0000${count}\u0000${expanded ? 1 : 0}\u0000${unread ? 1 : 0}\u0000${channel}`;
  if (row.dataset.key !== key) {
    row.dataset.key = key;
    row.classList.toggle('loading', false);
    row.classList.toggle('unread', unread);
    const body = newest === undefined
      ? el('div', { className: 'row-body', text: t('history.loading') })
      : payloadText('div', 'row-body', newest.title);
    const head = [
      el('span', { className: 'row-title', text: t('history.burstRow', { count, channel }) }),
      el('span', { className: 'burst-chevron', text: '›', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'sr-only', text: ` (${t(expanded ? 'history.burstExpanded' : 'history.burstCollapsed')})` }),
      newest === undefined ? null : rowTime(newest.receivedAt),
    ];
    replaceContent(row, rowLayout(unread, head, body));
  }
  const time = row.querySelector('time');
  if (newest !== undefined && time !== null) setText(time, tr().relativeTime(newest.receivedAt, now));
}
