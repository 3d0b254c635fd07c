import type { ChannelView, HistoryEntry, HistoryQuery } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, replaceContent, setAttr, setText } from '../dom.js';
import { DetailPanel, isOpenKey } from '../history/detail-panel.js';
import { HistoryModel } from '../history/history-model.js';
import { isFiltered } from '../history/history-query.js';
import { BurstRows } from '../history/burst-rows.js';
import { ROW_HEIGHT } from '../history/history-row.js';
import { MarkReadBar } from '../history/mark-read-bar.js';
import { VirtualList } from '../history/virtual-list.js';
import { channelName, t, tr } from '../i18n.js';

const SEARCH_DELAY_MS = 200;
const CLOCK_MS = 30_000;
const ALL_CHANNELS = '';
/** Must match the stylesheet's wide layout (details beside the list). */
const WIDE = '(min-width: 1000px)';
/** New items arriving within this time are announced once ("12 new notifications"). */
const ANNOUNCE_DELAY_MS = 1500;

/**
 * The history tab: search, the filters (channel, unread; behind "Filters" in a small window), mark
 * all read, the list, and the selected notification in full (beside the list in a wide window).
 */
export class HistoryView {
  readonly element: HTMLElement;
  private readonly model: HistoryModel;
  private readonly bursts: BurstRows;
  private readonly list: VirtualList;
  private readonly search: HTMLInputElement;
  private readonly channel: HTMLSelectElement;
  private readonly unreadOnly: HTMLInputElement;
  private readonly markBar: MarkReadBar;
  private readonly filtersToggle: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly status: HTMLElement;
  private readonly detail: DetailPanel;
  private readonly announcer: HTMLElement;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly clockTimer: ReturnType<typeof setInterval>;
  private arrived: { count: number; title: string; timer: ReturnType<typeof setTimeout> } | null = null;
  private now = Date.now();

  constructor(private readonly store: AppStore) {
    this.model = new HistoryModel(store.api, {
      changed: () => this.onModelChange(),
      prepended: (rows) => this.bursts.prepended(rows),
    });
    this.bursts = new BurstRows({
      model: this.model,
      list: () => this.list,
      channelName: (name) => channelName(name, this.store.state.channels),
      now: () => this.now,
      foldFrom: () => {
        const { enabled, threshold } = this.store.state.settings.coalesce;
        return enabled ? threshold + 1 : Number.POSITIVE_INFINITY;
      },
    });
    this.list = new VirtualList({
      label: t('history.listLabel'),
      rowHeight: ROW_HEIGHT,
      idPrefix: 'history-row',
      renderRow: (row, index) => this.bursts.paint(row, index),
      visibleRange: (first, last) => this.bursts.visible(first, last),
      activate: (index) => {
        if (!this.bursts.toggle(index)) this.select(index);
      },
      expand: (index, open) => this.bursts.expand(index, open),
      activeChanged: () => this.markBar.selectionChanged(),
      // Beside the list, the details follow the keyboard (over the list they would hide it).
      moved: (index) => {
        if (this.detail.shownId !== null && matchMedia(WIDE).matches) this.select(index, false);
      },
    });
    this.list.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.detail.shownId !== null) {
        event.preventDefault();
        this.detail.hide();
        return;
      }
      if (!isOpenKey(event)) return;
      const entry = this.bursts.entryAt(this.list.activeIndex);
      if (entry === undefined) return;
      event.preventDefault();
      this.select(this.list.activeIndex, false);
      void this.open(entry);
    });
    this.search = el('input', {
      className: 'input',
      attrs: {
        type: 'search',
        placeholder: t('history.searchPlaceholder'),
        'aria-label': t('history.search'),
        autocomplete: 'off',
        spellcheck: 'false',
        maxlength: 200,
      },
    });
    this.search.addEventListener('input', () => {
      this.clearMessages();
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
    this.channel = el('select', { className: 'input' }, el('option', { text: t('history.allChannels'), attrs: { value: ALL_CHANNELS } }));
    this.channel.addEventListener('change', () => this.applyQuery());
    this.unreadOnly = el('input', { attrs: { type: 'checkbox', id: 'history-unread-only' } });
    this.unreadOnly.addEventListener('change', () => this.applyQuery());
    this.markBar = new MarkReadBar({
      api: store.api,
      query: () => this.model.currentQuery,
      selected: () => (this.list.activeIndex < 0 ? undefined : this.bursts.entryAt(this.list.activeIndex)),
    });
    this.filtersToggle = el('button', {
      className: 'button filters-toggle',
      text: t('history.filters'),
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'history-filters' },
    });
    this.filtersToggle.addEventListener('click', () => this.showFilters(this.element.dataset.filters !== 'open'));

    this.summary = el('p', { className: 'summary' });
    this.status = el('p', { className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.empty = el('p', { className: 'empty', attrs: { hidden: true } });
    this.announcer = el('p', { className: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.detail = new DetailPanel({
      closed: () => {
        this.body.classList.remove('with-detail');
        this.list.element.focus();
      },
      open: (entry) => void this.open(entry),
    });
    const listWrap = el('div', { className: 'list-wrap' }, this.list.element, this.empty);
    this.body = el('div', { className: 'history-body' }, listWrap, this.detail.element);

    this.element = el(
      'div',
      { className: 'history' },
      el(
        'div',
        { className: 'toolbar', attrs: { role: 'search' } },
        field(t('history.search'), this.search),
        this.filtersToggle,
        el(
          'div',
          { className: 'filters', attrs: { id: 'history-filters' } },
          field(t('history.channel'), this.channel),
          el(
            'div',
            { className: 'check' },
            this.unreadOnly,
            el('label', { text: t('history.unreadOnly'), attrs: { for: this.unreadOnly.id } }),
          ),
        ),
        el('div', { className: 'toolbar-end' }, this.markBar.element),
      ),
      el('div', { className: 'summary-row' }, this.summary, this.status, this.announcer),
      this.body,
    );

    store.onHistory((update) => {
      this.model.apply(update);
      this.markBar.recount();
      if (update.kind === 'added') this.announce(update.entries.length, update.entries[update.entries.length - 1]?.title ?? '');
    });
    store.subscribe((state, previous) => {
      if (state.channels !== previous.channels) {
        this.fillChannels(state.channels);
        this.list.refresh();
      }
      if (state.unread !== previous.unread) this.updateSummary();
      if (state.settings.coalesce !== previous.settings.coalesce) this.onModelChange();
    });
    this.fillChannels(store.state.channels);
    this.clockTimer = setInterval(() => {
      this.now = Date.now();
      this.list.refresh();
    }, CLOCK_MS);
  }

  /** Stops the timers (the window is rebuilt in another language). */
  dispose(): void {
    clearInterval(this.clockTimer);
    clearTimeout(this.searchTimer);
    this.markBar.dispose();
    if (this.arrived) clearTimeout(this.arrived.timer);
  }

  /** Screen readers hear new items once per burst: "New notification: …" or "12 new notifications", then the unread count. */
  private announce(count: number, title: string): void {
    if (count === 0) return;
    if (this.arrived) {
      this.arrived.count += count;
      this.arrived.title = title;
      return;
    }
    const timer = setTimeout(() => {
      const arrived = this.arrived;
      this.arrived = null;
      if (!arrived) return;
      const { count, title: last } = arrived;
      const what = count === 1 ? t('history.arrivedOne', { title: last }) : t('history.arrivedMany', { count });
      setText(this.announcer, tr().join([what, t('tray.unread', { count: this.store.state.unread })]));
    }, ANNOUNCE_DELAY_MS);
    this.arrived = { count, title, timer };
  }

  /** Loads the history from the top (after a login). */
  reload(): void {
    this.bursts.clear();
    this.model.reload();
    this.list.scrollToTop();
    this.markBar.reset();
    this.markBar.recount();
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  focusList(): void {
    this.list.element.focus();
  }

  /** Messages answer the last action: the next one (or another view) clears them. */
  clearMessages(): void {
    setText(this.status, '');
  }

  /** Another view is shown: nothing said here follows the user there and back (the Undo offer ends too). */
  leave(): void {
    this.clearMessages();
    this.markBar.reset();
  }

  /**
   * Shows one entry in full (the tray's `push:show-item`: its link could not be opened), from the
   * rows near the view, else the newest. An entry already shown keeps its own note.
   */
  async showItem(id: string): Promise<void> {
    if (this.detail.shownId === id) return;
    const near = this.model.find(id);
    if (near) {
      this.list.setActive(this.bursts.rowOf(near.index));
      this.showDetail(near.entry, true, this.refusedNote(near.entry));
      return;
    }
    try {
      const page = await this.store.api.invoke('history:list', { offset: 0, limit: 1000 });
      const entry = page.items.find((e) => e.id === id);
      if (entry) this.showDetail(entry, true, this.refusedNote(entry));
      else setText(this.status, t('history.gone'));
    } catch (err) {
      setText(this.status, errorText(err));
    }
  }

  /** No warning for an entry that simply has no link. */
  private refusedNote(entry: HistoryEntry): string | undefined {
    return entry.url === '' ? undefined : t('history.linkNotOpened');
  }

  /** A click or Enter on a row: it is selected and shown in full, and counts as read. */
  private select(index: number, focus = true): void {
    const entry = this.bursts.entryAt(index);
    if (entry === undefined) return;
    this.clearMessages();
    this.list.setActive(index);
    if (entry.offlineFrom !== undefined) return;
    this.showDetail(entry, focus);
    if (!entry.read) {
      this.store.api.invoke('history:mark-read', [entry.id]).catch((err: unknown) => setText(this.status, errorText(err)));
    }
  }

  private showDetail(entry: HistoryEntry, focus: boolean, note?: string): void {
    this.body.classList.add('with-detail');
    this.detail.show(entry, channelName(entry.channel, this.store.state.channels), { focus, ...(note === undefined ? {} : { note }) });
  }

  /** "Open in browser": main applies the URL rules; the answer shows next to the button. */
  private async open(entry: HistoryEntry): Promise<void> {
    try {
      const result = await this.store.api.invoke('history:open', entry.id);
      if (result.opened) this.detail.say(t('detail.opened'));
      else {
        const shown = this.model.find(entry.id)?.entry ?? entry;
        this.showDetail(shown, false, t('history.linkRefused', { reason: result.reason }));
      }
    } catch (err) {
      this.detail.say(errorText(err));
    }
  }

  private showFilters(open: boolean): void {
    if (open) this.element.dataset.filters = 'open';
    else delete this.element.dataset.filters;
    setAttr(this.filtersToggle, 'aria-expanded', open ? 'true' : 'false');
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
    this.clearMessages();
    this.updateFiltersToggle();
    const next = this.query();
    const current = this.model.currentQuery;
    if (next.search === current.search && next.channel === current.channel && next.unreadOnly === current.unreadOnly) return;
    this.list.clearActive();
    this.list.scrollToTop();
    this.bursts.clear();
    this.model.setQuery(next);
    this.markBar.reset();
    this.markBar.recount();
  }

  /** "Filters (2)": a collapsed filter still says that it filters. */
  private updateFiltersToggle(): void {
    const active = (this.channel.value !== ALL_CHANNELS ? 1 : 0) + (this.unreadOnly.checked ? 1 : 0);
    setText(this.filtersToggle, active === 0 ? t('history.filters') : t('history.filtersActive', { count: active }));
  }

  private fillChannels(channels: readonly ChannelView[]): void {
    const selected = this.channel.value;
    const names = [...new Set(channels.filter((c) => !c.hidden).map((c) => c.channel))];
    if (selected !== ALL_CHANNELS && !names.includes(selected)) names.push(selected);
    const labelled = names.map((name) => ({ name, label: channelName(name, channels) }));
    const shared = (label: string): boolean => labelled.filter((l) => l.label === label).length > 1;
    labelled.sort((a, b) => a.label.localeCompare(b.label, tr().locale));
    const options = [
      el('option', { text: t('history.allChannels'), attrs: { value: ALL_CHANNELS } }),
      ...labelled.map(({ name, label }) => el('option', { text: shared(label) ? `${label} — ${name}` : label, attrs: { value: name } })),
    ];
    replaceContent(this.channel, ...options);
    this.channel.value = selected;
  }

  private onModelChange(): void {
    this.bursts.changed();
    this.list.refresh();
    this.updateSummary();
    const showEmpty = !this.model.loading && this.model.size === 0;
    this.empty.hidden = !showEmpty;
    if (showEmpty) setText(this.empty, this.emptyText());
  }

  private emptyText(): string {
    if (this.model.error !== null) return this.model.error;
    const q = this.model.currentQuery;
    if (q.search !== undefined) return t('history.emptySearch', { search: q.search });
    if (isFiltered(q)) return t('history.emptyFiltered');
    return t('history.empty');
  }

  private updateSummary(): void {
    const unread = this.store.state.unread;
    this.markBar.selectionChanged();
    let text: string;
    if (this.model.error !== null) text = this.model.error;
    else if (this.model.loading) text = t('history.loading');
    else {
      const count = this.model.size;
      const q = this.model.currentQuery;
      if (q.search !== undefined) text = t('history.matchesSearch', { count, search: q.search });
      else if (isFiltered(q)) text = t('history.matches', { count });
      else text = t('history.summary', { notifications: t('history.count', { count }), unread: tr().number(unread) });
      if (!this.model.complete) text += ` · ${t('history.loadingOlder')}`;
    }
    setText(this.summary, text);
  }
}
