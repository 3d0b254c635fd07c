import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, payloadText, replaceContent } from '../dom.js';
import { t, tr } from '../i18n.js';

/**
 * One notification in full, shown when its link cannot be opened (no link, a refused link, a
 * `push:show-item` from the tray). The link is shown as text: the window never navigates.
 */
export class DetailPanel {
  readonly element: HTMLElement;
  private readonly content: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private entryId: string | null = null;

  constructor(private readonly onClose: () => void) {
    this.heading = el('h2', { className: 'detail-title payload', attrs: { id: 'detail-title', tabindex: -1, dir: 'auto' } });
    const closeAttrs = { type: 'button', 'aria-label': t('detail.closeLabel') };
    const close = el('button', { className: 'button ghost', text: t('detail.close'), attrs: closeAttrs });
    close.addEventListener('click', () => this.hide());
    this.content = el('div', { className: 'detail-content' });
    this.element = el(
      'section',
      { className: 'detail', attrs: { 'aria-labelledby': 'detail-title', hidden: true } },
      el('div', { className: 'detail-head' }, this.heading, close),
      this.content,
    );
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.hide();
      }
    });
  }

  get shownId(): string | null {
    return this.entryId;
  }

  /** `channelName` is what staff call the channel (its label); the raw name is shown too, for support. */
  show(entry: HistoryEntry, note: string, channelName: string): void {
    const wasShown = this.entryId === entry.id && !this.element.hidden;
    this.entryId = entry.id;
    this.heading.textContent = entry.title;
    const row = (term: string, value: HTMLElement | string): HTMLElement[] => [el('dt', { text: term }), el('dd', {}, value)];
    replaceContent(
      this.content,
      el('p', { className: 'detail-note', attrs: { role: 'status' }, text: note }),
      entry.body === '' ? null : payloadText('p', 'detail-body', entry.body),
      el(
        'dl',
        { className: 'detail-facts' },
        ...row(t('detail.channel'), payloadText('span', 'detail-channel', channelName)),
        ...row(t('detail.channelName'), payloadText('code', 'detail-code', entry.channel)),
        ...row(t('detail.event'), payloadText('code', 'detail-code', entry.event)),
        ...row(t('detail.received'), el('time', { text: tr().exactTime(entry.receivedAt), attrs: { datetime: entry.receivedAt } })),
        ...row(t('detail.link'), entry.url === '' ? t('detail.noLink') : payloadText('code', 'detail-url', entry.url)),
      ),
    );
    this.element.hidden = false;
    if (!wasShown) this.heading.focus();
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.entryId = null;
    this.onClose();
  }
}
