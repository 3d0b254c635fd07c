import type { HistoryEntry } from '../../app/bridge/contract.js';
import { el, payloadText, replaceContent, setText } from '../dom.js';
import { t, tr } from '../i18n.js';

export interface DetailPanelOptions {
  /** The details were closed (Escape or Close): the list takes the focus back. */
  readonly closed: () => void;
  /** "Open in browser" (or its key) on the shown entry. */
  readonly open: (entry: HistoryEntry) => void;
}

/**
 * The selected notification in full: title and text wrapped, who and when in words, "Open in
 * browser" when it has a link. The event class, the raw channel and the link itself are under
 * "Technical details" (collapsed), for whoever supports the user. The window never navigates.
 */
export class DetailPanel {
  readonly element: HTMLElement;
  private readonly content: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly message: HTMLElement;
  private readonly openButton: HTMLButtonElement;
  private entry: HistoryEntry | null = null;

  constructor(private readonly opts: DetailPanelOptions) {
    this.heading = el('h2', { className: 'detail-title payload', attrs: { id: 'detail-title', tabindex: -1, dir: 'auto' } });
    const closeAttrs = { type: 'button', 'aria-label': t('detail.closeLabel') };
    const close = el('button', { className: 'button ghost', text: t('detail.close'), attrs: closeAttrs });
    close.addEventListener('click', () => this.hide());
    this.openButton = el('button', {
      className: 'button primary',
      text: t('detail.openInBrowser'),
      attrs: { type: 'button', 'aria-keyshortcuts': 'O Control+Enter Meta+Enter' },
    });
    this.openButton.addEventListener('click', () => this.openShown());
    this.message = el('p', { className: 'detail-message', attrs: { role: 'status' } });
    this.content = el('div', { className: 'detail-content' });
    this.element = el(
      'section',
      { className: 'detail', attrs: { 'aria-labelledby': 'detail-title', hidden: true } },
      el('div', { className: 'detail-head' }, this.heading, close),
      this.content,
      el('div', { className: 'detail-actions' }, this.openButton, this.message),
    );
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.hide();
      } else if (isOpenKey(event) && !(event.target instanceof Element && event.target.closest('button, summary') !== null)) {
        event.preventDefault();
        this.openShown();
      }
    });
  }

  get shownId(): string | null {
    return this.element.hidden ? null : (this.entry?.id ?? null);
  }

  /**
   * Shows `entry`; `channelName` is what staff call its channel (its label). `note` says why it is
   * shown instead of opened (a refused link). `focus`: move the focus to the title (a screen reader
   * starts reading there); selecting with the arrow keys keeps it in the list.
   */
  show(entry: HistoryEntry, channelName: string, options: { note?: string; focus?: boolean } = {}): void {
    const same = this.entry?.id === entry.id && !this.element.hidden;
    this.entry = entry;
    this.heading.textContent = entry.title;
    if (!same) setText(this.message, '');
    const row = (term: string, value: HTMLElement | string): HTMLElement[] => [el('dt', { text: term }), el('dd', {}, value)];
    const technical = el(
      'details',
      { className: 'detail-technical' },
      el('summary', { text: t('detail.technical') }),
      el(
        'dl',
        { className: 'detail-facts' },
        ...row(t('detail.channelName'), payloadText('code', 'detail-code', entry.channel)),
        ...row(t('detail.event'), payloadText('code', 'detail-code', entry.event)),
        ...(entry.url === '' ? [] : row(t('detail.link'), payloadText('code', 'detail-url', entry.url))),
      ),
    );
    replaceContent(
      this.content,
      options.note === undefined ? null : el('p', { className: 'detail-note', text: options.note }),
      entry.body === '' ? null : payloadText('p', 'detail-body', entry.body),
      el(
        'dl',
        { className: 'detail-facts' },
        ...row(t('detail.from'), payloadText('span', 'detail-channel', channelName)),
        ...row(t('detail.received'), el('time', { text: tr().exactTime(entry.receivedAt), attrs: { datetime: entry.receivedAt } })),
      ),
      technical,
    );
    this.openButton.hidden = entry.url === '';
    this.element.hidden = false;
    if (options.focus === true || (!same && options.focus !== false)) this.heading.focus();
  }

  /** Says what became of "Open in browser", next to the button. */
  say(text: string): void {
    setText(this.message, text);
  }

  /** The shown entry's link, if it has one. */
  openShown(): void {
    if (this.entry !== null && this.entry.url !== '' && !this.element.hidden) this.opts.open(this.entry);
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.entry = null;
    this.opts.closed();
  }

  /** Closes without moving the focus (the view is being reset). */
  reset(): void {
    this.element.hidden = true;
    this.entry = null;
    setText(this.message, '');
  }
}

/** "o", or Ctrl+Enter (Cmd+Enter on a Mac): open the selected notification's link. */
export function isOpenKey(event: KeyboardEvent): boolean {
  if (event.key === 'Enter') return (event.ctrlKey || event.metaKey) && !event.altKey;
  return event.key.toLowerCase() === 'o' && !event.ctrlKey && !event.metaKey && !event.altKey;
}
