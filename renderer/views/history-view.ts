import type { ChannelView, HistoryQuery } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, replaceContent, setText } from '../dom.js';
import { DetailPanel } from '../history/detail-panel.js';
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
/** New items arriving within this time are announced once ("12 new notifications"). */
const ANNOUNCE_DELAY_MS = 1500;

/** The history tab: search, channel filter, unread filter, mark all read, and the list. */
export class HistoryView {
  readonly element: HTMLElement;
  private readonly model: HistoryModel;
  private readonly bursts: BurstRows;
  private readonly list: VirtualList;
  private readonly search: HTMLInputElement;
  private readonly channel: HTMLSelectElement;
  private readonly unreadOnly: HTMLInputElement;
  private readonly markBar: MarkReadBar;
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
        if (!this.bursts.toggle(index)) void this.open(index);
      },
      expand: (index, open) => this.bursts.expand(index, open),
      activeChanged: () => this.markBar.selectionChanged(),
    });
    this.search = el('input', {
      className: 'input',
      attrs: { type: 'search', placeholder: t('history.searchPlaceholder'), autocomplete: 'off', spellcheck: 'false', maxlength: 200 },
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
    this.channel = el('select', { className: 'input' }, el('option', { text: t('history.allChannels'), attrs: { value: ALL_CHANNELS } }));
    this.channel.addEventListener('change', () => this.applyQuery());
    this.unreadOnly = el('input', { attrs: { type: 'checkbox', id: 'history-unread-only' } });
    this.unreadOnly.addEventListener('change', () => this.applyQuery());
    this.markBar = new MarkReadBar({
      api: store.api,
      query: () => this.model.currentQuery,
      selected: () => (this.list.activeIndex < 0 ? undefined : this.bursts.entryAt(this.list.activeIndex)),
    });

    this.summary = el('p', { className: 'summary' });
    this.status = el('p', { className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.empty = el('p', { className: 'empty', attrs: { hidden: true } });
    this.announcer = el('p', { className: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.detail = new DetailPanel(() => this.list.element.focus());

    this.element = el(
      'div',
      { className: 'history' },
      el(
        'div',
        { className: 'toolbar', attrs: { role: 'search' } },
        field(t('history.search'), this.search),
        field(t('history.channel'), this.channel),
        el('div', { className: 'check' }, this.unreadOnly, el('label', { text: t('history.unreadOnly'), attrs: { for: this.unreadOnly.id } })),
        el('div', { className: 'toolbar-end' }, this.markBar.element),
      ),
      el('div', { className: 'summary-row' }, this.summary, this.status, this.announcer),
      el('div', { className: 'list-wrap' }, this.list.element, this.empty),
      this.detail.element,
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

  /** Shows one entry in full (the tray's `push:show-item`): from the rows near the view, else the newest. */
  async showItem(id: string, note = t('history.linkNotOpened')): Promise<void> {
    const near = this.model.find(id);
    if (near) {
      this.list.setActive(this.bursts.rowOf(near.index));
      this.detail.show(near.entry, note, channelName(near.entry.channel, this.store.state.channels));
      return;
    }
    try {
      const page = await this.store.api.invoke('history:list', { offset: 0, limit: 1000 });
      const entry = page.items.find((e) => e.id === id);
      if (entry) this.detail.show(entry, note, channelName(entry.channel, this.store.state.channels));
      else setText(this.status, t('history.gone'));
    } catch (err) {
      setText(this.status, errorText(err));
    }
  }

  private async open(index: number): Promise<void> {
    const entry = this.bursts.entryAt(index);
    if (entry === undefined) return;
    try {
      const result = await this.store.api.invoke('history:open', entry.id);
      if (result.opened) {
        setText(this.status, t('history.opened', { url: result.url }));
        if (this.detail.shownId === entry.id) this.detail.hide();
      } else {
        setText(this.status, '');
        const shown = this.model.find(entry.id)?.entry ?? entry;
        this.detail.show(shown, t('history.linkRefused', { reason: result.reason }), channelName(shown.channel, this.store.state.channels));
      }
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
    this.bursts.clear();
    this.model.setQuery(next);
    this.markBar.reset();
    this.markBar.recount();
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
