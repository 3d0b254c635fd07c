import type { EchoTrayApi, HistoryEntry, HistoryQuery } from '../../app/bridge/contract.js';
import { errorText } from '../bridge.js';
import { el, setAttr, setText } from '../dom.js';
import { t } from '../i18n.js';

/** How long "Marked 12 as read. Undo" stays. */
export const UNDO_MS = 8_000;

type MarkQuery = Pick<HistoryQuery, 'search' | 'channel' | 'unreadOnly'>;

/** The filter without paging: what history:mark-matching takes. */
function filterOf({ search, channel, unreadOnly }: MarkQuery): MarkQuery {
  return {
    ...(search !== undefined ? { search } : {}),
    ...(channel !== undefined ? { channel } : {}),
    ...(unreadOnly === true ? { unreadOnly } : {}),
  };
}

export interface MarkReadBarOptions {
  readonly api: EchoTrayApi;
  /** The filter the list shows now. */
  query(): MarkQuery;
  /** The entry the user selected or opened, if any. */
  selected(): HistoryEntry | undefined;
}

/**
 * "Mark 2 as read" for what the filter shows (history:mark-matching), then "Marked 2 as read.
 * Undo" for a few seconds (history:mark-unread with the ids it marked); "Mark as unread" for the
 * selected entry. Its message stands next to its buttons, in a polite live region.
 */
export class MarkReadBar {
  readonly element: HTMLElement;
  private readonly mark: HTMLButtonElement;
  private readonly unread: HTMLButtonElement;
  private readonly undo: HTMLButtonElement;
  private readonly status: HTMLElement;
  private undoIds: readonly string[] = [];
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to older counts are dropped. */
  private asked = 0;
  private shown = 0;
  private counting = false;

  constructor(private readonly opts: MarkReadBarOptions) {
    // aria-disabled, not disabled: the focus comes back here after Undo or its timeout, and a disabled
    // button cannot take it (it would fall to the page).
    const markAttrs = { type: 'button', 'aria-disabled': 'true' };
    this.mark = el('button', { className: 'button', text: t('history.markNone'), attrs: markAttrs });
    this.mark.addEventListener('click', () => {
      if (this.shown > 0) void this.markShown();
    });
    this.unread = el('button', { className: 'button', text: t('history.markUnread'), attrs: { type: 'button', hidden: true } });
    this.unread.addEventListener('click', () => void this.markSelectedUnread());
    this.undo = el('button', { className: 'button small', text: t('history.undo'), attrs: { type: 'button', hidden: true } });
    this.undo.addEventListener('click', () => void this.undoMark());
    this.status = el('span', { className: 'status-line mark-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.element = el('div', { className: 'mark-bar' }, this.status, this.undo, this.unread, this.mark);
  }

  /**
   * How many unread entries the filter shows: asked again after every change, one question at a
   * time (a burst of pushes costs one more question, not one each).
   */
  recount(): void {
    const ask = ++this.asked;
    if (this.counting) return;
    this.counting = true;
    void this.count(ask).finally(() => {
      this.counting = false;
      if (this.asked !== ask) this.recount();
    });
  }

  private async count(ask: number): Promise<void> {
    try {
      const page = await this.opts.api.invoke('history:list', { ...filterOf(this.opts.query()), unreadOnly: true, offset: 0, limit: 1 });
      if (ask !== this.asked) return;
      this.shown = page.total;
      setText(this.mark, this.shown === 0 ? t('history.markNone') : t('history.markShown', { count: this.shown }));
      setAttr(this.mark, 'aria-disabled', this.shown === 0 ? 'true' : null);
    } catch (err) {
      if (ask === this.asked) this.say(errorText(err));
    }
  }

  /** The selection changed: "Mark as unread" is offered for a read entry. */
  selectionChanged(): void {
    const entry = this.opts.selected();
    this.unread.hidden = entry === undefined || !entry.read || entry.offlineFrom !== undefined;
  }

  /** Forgets the message and the Undo (a new filter, a logout, another user). */
  reset(): void {
    this.endUndo();
    setText(this.status, '');
  }

  dispose(): void {
    clearTimeout(this.undoTimer);
  }

  private async markShown(): Promise<void> {
    try {
      const result = await this.opts.api.invoke('history:mark-matching', filterOf(this.opts.query()));
      if (result.count === 0) {
        this.reset();
        this.say(t('history.nothingUnread'));
        return;
      }
      this.say(t('history.markedRead', { count: result.count }));
      this.offerUndo(result.ids);
    } catch (err) {
      this.say(errorText(err));
    }
  }

  private async undoMark(): Promise<void> {
    const ids = this.undoIds;
    this.endUndo();
    this.mark.focus();
    try {
      const count = await this.opts.api.invoke('history:mark-unread', [...ids]);
      this.say(t('history.undone', { count }));
    } catch (err) {
      this.say(errorText(err));
    }
  }

  private async markSelectedUnread(): Promise<void> {
    const entry = this.opts.selected();
    if (entry === undefined) return;
    this.endUndo();
    try {
      await this.opts.api.invoke('history:mark-unread', [entry.id]);
      this.unread.hidden = true;
      this.mark.focus();
      this.say(t('history.markedUnread'));
    } catch (err) {
      this.say(errorText(err));
    }
  }

  private offerUndo(ids: readonly string[]): void {
    this.endUndo();
    this.undoIds = ids;
    this.undo.hidden = false;
    this.undoTimer = setTimeout(() => {
      const hadFocus = document.activeElement === this.undo;
      this.endUndo();
      setText(this.status, '');
      if (hadFocus) this.mark.focus();
    }, UNDO_MS);
  }

  private endUndo(): void {
    clearTimeout(this.undoTimer);
    this.undoTimer = undefined;
    this.undoIds = [];
    this.undo.hidden = true;
  }

  private say(text: string): void {
    setText(this.status, text);
  }
}
