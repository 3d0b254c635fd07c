import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, payloadText, replaceContent } from '../dom.js';
import { exactTime } from '../format/relative-time.js';

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
    const close = el('button', { className: 'button ghost', text: 'Close', attrs: { type: 'button', 'aria-label': 'Close the details' } });
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

  show(entry: HistoryEntry, note: string): void {
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
        ...row('Channel', payloadText('span', 'detail-channel', entry.channel)),
        ...row('Event', payloadText('span', 'detail-event', entry.event)),
        ...row('Received', el('time', { text: exactTime(entry.receivedAt), attrs: { datetime: entry.receivedAt } })),
        ...row('Link', entry.url === '' ? 'none' : payloadText('code', 'detail-url', entry.url)),
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
