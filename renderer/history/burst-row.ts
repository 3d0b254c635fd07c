import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, payloadText, replaceContent, setText } from '../dom.js';
import { t, tr } from '../i18n.js';

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
    const timeAttrs = newest === undefined ? undefined : { datetime: newest.receivedAt, title: tr().exactTime(newest.receivedAt) };
    const time = timeAttrs === undefined ? null : el('time', { className: 'row-time', attrs: timeAttrs });
    replaceContent(
      row,
      el(
        'div',
        { className: 'row-inner' },
        el('span', { className: 'unread-dot', attrs: { 'aria-hidden': 'true' } }),
        el(
          'div',
          { className: 'row-main' },
          el(
            'div',
            { className: 'row-head' },
            unread ? el('span', { className: 'sr-only', text: t('history.unreadPrefix') }) : null,
            el('span', { className: 'row-title', text: t('history.burstRow', { count, channel }) }),
            el('span', { className: 'burst-chevron', text: '›', attrs: { 'aria-hidden': 'true' } }),
            el('span', { className: 'sr-only', text: ` (${t(expanded ? 'history.burstExpanded' : 'history.burstCollapsed')})` }),
            time,
          ),
          newest === undefined
            ? el('div', { className: 'row-body', text: t('history.loading') })
            : payloadText('div', 'row-body', newest.title),
        ),
      ),
    );
  }
  const time = row.querySelector('time');
  if (newest !== undefined && time !== null) setText(time, tr().relativeTime(newest.receivedAt, now));
}
