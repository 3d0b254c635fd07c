import type { AppState } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, setAttr, setText } from '../dom.js';
import { connectionText } from '../format/connection-text.js';
import { t } from '../i18n.js';

/**
 * One line: "Connected", "Offline, retrying in 8 s" with a Retry button and the advice; the server,
 * the protocol and the raw error stay behind "Details" (and in the line's tooltip) for support.
 */
export class ConnectionBanner {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly advice: HTMLElement;
  private readonly spoken: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private readonly toggle: HTMLButtonElement;
  private readonly details: HTMLElement;
  private readonly detailsAdvice: HTMLElement;
  private readonly technical: HTMLElement;
  private readonly note: HTMLElement;
  private since = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly store: AppStore) {
    // The visible line counts down every second; the spoken one changes only with the state.
    this.text = el('span', { className: 'banner-text', attrs: { 'aria-hidden': 'true' } });
    this.advice = el('span', { className: 'banner-advice', attrs: { 'aria-hidden': 'true' } });
    this.spoken = el('span', { className: 'sr-only', attrs: { role: 'status' } });
    const retryAttrs = { type: 'button', 'aria-label': t('connection.retryLabel') };
    this.retry = el('button', { className: 'button small', text: t('connection.retry'), attrs: retryAttrs });
    this.retry.addEventListener('click', () => void this.retryNow());
    this.detailsAdvice = el('p', { className: 'banner-details-advice' });
    this.technical = el('p', { className: 'banner-technical', attrs: { dir: 'auto' } });
    const detailsAttrs = { id: 'banner-details', hidden: true };
    this.details = el('div', { className: 'banner-details', attrs: detailsAttrs }, this.detailsAdvice, this.technical);
    this.toggle = el('button', {
      className: 'button ghost small banner-toggle',
      text: t('connection.details'),
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'banner-details', 'aria-label': t('connection.detailsLabel') },
    });
    this.toggle.addEventListener('click', () => this.showDetails(this.details.hidden));
    this.note = el('span', { className: 'banner-note', attrs: { role: 'status' } });
    this.element = el(
      'div',
      { className: 'banner' },
      el(
        'div',
        { className: 'banner-line' },
        el('span', { className: 'banner-dot', attrs: { 'aria-hidden': 'true' } }),
        this.text,
        this.advice,
        this.spoken,
        this.note,
        this.retry,
        this.toggle,
      ),
      this.details,
    );
    store.subscribe((state, previous) => {
      if (state.connection !== previous.connection) {
        this.since = Date.now();
        setText(this.note, '');
      }
      if (state.connection !== previous.connection || state.profile !== previous.profile) this.update(state, true);
    });
    this.update(store.state, true);
  }

  /** Stops the countdown (the window is rebuilt in another language). */
  dispose(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private showDetails(open: boolean): void {
    this.details.hidden = !open;
    // The details say the advice in full: the line's shortened copy steps aside.
    this.advice.hidden = open;
    setAttr(this.toggle, 'aria-expanded', open ? 'true' : 'false');
  }

  private async retryNow(): Promise<void> {
    setText(this.note, t('connection.retrying'));
    try {
      await this.store.api.invoke('connection:retry');
    } catch (err) {
      setText(this.note, t('connection.retryFailed', { reason: errorText(err) }));
    }
  }

  private update(state: AppState, changed: boolean): void {
    const banner = connectionText(state.connection, state.profile, this.since, Date.now());
    this.element.dataset.tone = banner.tone;
    setText(this.text, banner.text);
    setText(this.advice, banner.advice ?? '');
    setText(this.detailsAdvice, banner.advice ?? '');
    this.detailsAdvice.hidden = banner.advice === undefined;
    setText(this.technical, banner.technical);
    setAttr(this.element, 'title', banner.technical);
    this.retry.hidden = !banner.retry;
    const spoken = banner.advice === undefined ? banner.text : `${banner.text} ${banner.advice}`;
    if (changed) setText(this.spoken, t('connection.spoken', { text: spoken }));
    const counting = state.connection.state === 'reconnecting' && state.connection.retryInMs !== undefined;
    if (counting && this.ticker === undefined) this.ticker = setInterval(() => this.update(this.store.state, false), 1000);
    if (!counting && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
