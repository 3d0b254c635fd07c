import type { AppState } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { el, setText } from '../dom.js';
import { connectionText } from '../format/connection-text.js';
import { t } from '../i18n.js';

/** "Connected to … via …", "Reconnecting in N s", "Offline: reason"; counts the delay down. */
export class ConnectionBanner {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly spoken: HTMLElement;
  private since = Date.now();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly store: AppStore) {
    // The visible line counts down every second; the spoken one changes only with the state.
    this.text = el('span', { className: 'banner-text', attrs: { 'aria-hidden': 'true' } });
    this.spoken = el('span', { className: 'sr-only', attrs: { role: 'status' } });
    this.element = el('div', { className: 'banner' }, el('span', { className: 'banner-dot', attrs: { 'aria-hidden': 'true' } }), this.text, this.spoken);
    store.subscribe((state, previous) => {
      if (state.connection !== previous.connection) this.since = Date.now();
      if (state.connection !== previous.connection || state.profile !== previous.profile) this.update(state, true);
    });
    this.update(store.state, true);
  }

  /** Stops the countdown (the window is rebuilt in another language). */
  dispose(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private update(state: AppState, changed: boolean): void {
    const banner = connectionText(state.connection, state.profile, this.since, Date.now());
    this.element.dataset.tone = banner.tone;
    setText(this.text, banner.text);
    if (changed) setText(this.spoken, t('connection.spoken', { text: banner.text }));
    const counting = state.connection.state === 'reconnecting' && state.connection.retryInMs !== undefined;
    if (counting && this.ticker === undefined) this.ticker = setInterval(() => this.update(this.store.state, false), 1000);
    if (!counting && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
