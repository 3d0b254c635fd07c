import type { QuietView } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { el, setText } from '../dom.js';
import { t, tr } from '../i18n.js';

/** The words for a pause or quiet hours: "Quiet until 07:00", "Paused until tomorrow 14:30" (local time). */
export function quietText(quiet: QuietView, now: Date): string {
  const time = tr().until(new Date(quiet.until), now);
  return t(quiet.kind === 'paused' ? 'quiet.pausedUntil' : 'quiet.hoursUntil', { time });
}

/** A line in the banner while pop-ups are silenced (AppState.quiet, kept current by push:quiet). */
export class QuietNote {
  readonly element: HTMLElement;

  constructor(store: AppStore) {
    this.element = el('span', { className: 'quiet-note', attrs: { role: 'status' } });
    store.subscribe((state, previous) => {
      if (state.quiet !== previous.quiet) this.show(state.quiet);
    });
    this.show(store.state.quiet);
  }

  private show(quiet: QuietView | null): void {
    setText(this.element, quiet === null ? '' : quietText(quiet, new Date()));
  }
}
