import type { ChannelView, HistoryQuery } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, replaceContent, setText } from '../dom.js';
import { DetailPanel } from '../history/detail-panel.js';
import { HistoryModel } from '../history/history-model.js';
import { isFiltered } from '../history/history-query.js';
import { paintRow, ROW_HEIGHT } from '../history/history-row.js';
import { VirtualList } from '../history/virtual-list.js';

const SEARCH_DELAY_MS = 200;
const CLOCK_MS = 30_000;
const ALL_CHANNELS = '';

/** The history tab: search, channel filter, unread filter, mark all read, and the list. */
export class HistoryView {
  readonly element: HTMLElement;
  private readonly model: HistoryModel;
  private readonly list: VirtualList;
  private readonly search: HTMLInputElement;
  private readonly channel: HTMLSelectElement;
  private readonly unreadOnly: HTMLInputElement;
  private readonly markAll: HTMLButtonElement;
  private readonly summary: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly status: HTMLElement;
  private readonly detail: DetailPanel;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private now = Date.now();

  constructor(private readonly store: AppStore) {
    this.model = new HistoryModel(store.api, {
      changed: () => this.onModelChange(),
      prepended: (rows) => this.list.shiftBy(rows, this.model.size),
    });
    this.list = new VirtualList({
      label: 'Notifications, newest first',
      rowHeight: ROW_HEIGHT,
      idPrefix: 'history-row',
      renderRow: (row, index) => paintRow(row, this.model.at(index), this.now),
      visibleRange: (first, last) => this.model.show(first, last),
      activate: (index) => void this.open(index),
    });
    this.search = el('input', {
      className: 'input',
      attrs: { type: 'search', placeholder: 'Search titles and text', autocomplete: 'off', spellcheck: 'false', maxlength: 200 },
    });
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.applyQuery(), SEARCH_DELAY_MS);
    });
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        clearTimeout(this.searchTimer);
        this.applyQuery();
      } else if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.list.element.focus();
      }
    });
    this.channel = el('select', { className: 'input' }, el('option', { text: 'All channels', attrs: { value: ALL_CHANNELS } }));
    this.channel.addEventListener('change', () => this.applyQuery());
    this.unreadOnly = el('input', { attrs: { type: 'checkbox', id: 'history-unread-only' } });
    this.unreadOnly.addEventListener('change', () => this.applyQuery());
    this.markAll = el('button', { className: 'button', text: 'Mark all read', attrs: { type: 'button' } });
    this.markAll.addEventListener('click', () => void this.markAllRead());

    this.summary = el('p', { className: 'summary' });
    this.status = el('p', { className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.empty = el('p', { className: 'empty', attrs: { hidden: true } });
    this.detail = new DetailPanel(() => this.list.element.focus());

    this.element = el(
      'div',
      { className: 'history' },
      el(
        'div',
        { className: 'toolbar', attrs: { role: 'search' } },
        field('Search', this.search),
        field('Channel', this.channel),
        el('div', { className: 'check' }, this.unreadOnly, el('label', { text: 'Unread only', attrs: { for: this.unreadOnly.id } })),
        el('div', { className: 'toolbar-end' }, this.markAll),
      ),
      el('div', { className: 'summary-row' }, this.summary, this.status),
      el('div', { className: 'list-wrap' }, this.list.element, this.empty),
      this.detail.element,
    );

    store.onHistory((update) => this.model.apply(update));
    store.subscribe((state, previous) => {
      if (state.channels !== previous.channels) this.fillChannels(state.channels);
      if (state.unread !== previous.unread) this.updateSummary();
    });
    this.fillChannels(store.state.channels);
    setInterval(() => {
      this.now = Date.now();
      this.list.refresh();
    }, CLOCK_MS);
  }

  /** Loads the history from the top (after a login). */
  reload(): void {
    this.model.reload();
    this.list.scrollToTop();
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  focusList(): void {
    this.list.element.focus();
  }

  /** Shows one entry in full (the tray's `push:show-item`): from the rows near the view, else the newest. */
  async showItem(id: string, note = 'The link of this notification could not be opened.'): Promise<void> {
    const near = this.model.find(id);
    if (near) {
      this.list.setActive(near.index);
      this.detail.show(near.entry, note);
      return;
    }
    try {
      const page = await this.store.api.invoke('history:list', { offset: 0, limit: 1000 });
      const entry = page.items.find((e) => e.id === id);
      if (entry) this.detail.show(entry, note);
      else setText(this.status, 'That notification is no longer in the history.');
    } catch (err) {
      setText(this.status, errorText(err));
    }
  }

  private async open(index: number): Promise<void> {
    const entry = this.model.at(index);
    if (entry === undefined) return;
    try {
      const result = await this.store.api.invoke('history:open', entry.id);
      if (result.opened) {
        setText(this.status, `Opened in your browser: ${result.url}`);
        if (this.detail.shownId === entry.id) this.detail.hide();
      } else {
        setText(this.status, '');
        this.detail.show(this.model.find(entry.id)?.entry ?? entry, `Link not opened: ${result.reason}.`);
      }
    } catch (err) {
      setText(this.status, errorText(err));
    }
  }

  private async markAllRead(): Promise<void> {
    try {
      const changed = await this.store.api.invoke('history:mark-all-read');
      setText(this.status, changed === 0 ? 'Nothing was unread.' : `Marked ${changed.toLocaleString()} as read.`);
    } catch (err) {
      setText(this.status, errorText(err));
    }
  }

  private query(): HistoryQuery {
    const search = this.search.value.trim();
    const channel = this.channel.value;
    return {
      ...(search !== '' ? { search } : {}),
      ...(channel !== ALL_CHANNELS ? { channel } : {}),
      ...(this.unreadOnly.checked ? { unreadOnly: true } : {}),
    };
  }

  private applyQuery(): void {
    const next = this.query();
    const current = this.model.currentQuery;
    if (next.search === current.search && next.channel === current.channel && next.unreadOnly === current.unreadOnly) return;
    this.list.clearActive();
    this.list.scrollToTop();
    this.model.setQuery(next);
  }

  private fillChannels(channels: readonly ChannelView[]): void {
    const selected = this.channel.value;
    const names = [...new Set(channels.map((c) => c.channel))].sort((a, b) => a.localeCompare(b));
    if (selected !== ALL_CHANNELS && !names.includes(selected)) names.push(selected);
    const options = [el('option', { text: 'All channels', attrs: { value: ALL_CHANNELS } }), ...names.map((name) => el('option', { text: name, attrs: { value: name } }))];
    replaceContent(this.channel, ...options);
    this.channel.value = selected;
  }

  private onModelChange(): void {
    this.list.setSize(this.model.size);
    this.list.refresh();
    this.updateSummary();
    const showEmpty = !this.model.loading && this.model.size === 0;
    this.empty.hidden = !showEmpty;
    if (showEmpty) setText(this.empty, this.emptyText());
  }

  private emptyText(): string {
    if (this.model.error !== null) return this.model.error;
    const q = this.model.currentQuery;
    if (q.search !== undefined) return `No notification matches “${q.search}”.`;
    if (isFiltered(q)) return 'No notification matches these filters.';
    return 'No notifications yet. They appear here as they arrive.';
  }

  private updateSummary(): void {
    const unread = this.store.state.unread;
    this.markAll.disabled = unread === 0;
    let text: string;
    if (this.model.error !== null) text = this.model.error;
    else if (this.model.loading) text = 'Loading…';
    else {
      const n = this.model.size;
      const count = `${n.toLocaleString()} ${n === 1 ? 'notification' : 'notifications'}`;
      const q = this.model.currentQuery;
      const search = q.search === undefined ? '' : ` “${q.search}”`;
      text = isFiltered(q) ? `${count} ${n === 1 ? 'matches' : 'match'}${search}` : `${count} · ${unread.toLocaleString()} unread`;
      if (!this.model.complete) text += ' · loading older ones…';
    }
    setText(this.summary, text);
  }
}
