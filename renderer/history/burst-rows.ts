import type { HistoryEntry } from '../../app/bridge/contract.js';
import { BurstGroups } from './burst-group.js';
import { paintBurstRow } from './burst-row.js';
import type { HistoryModel } from './history-model.js';
import { paintRow } from './history-row.js';
import type { VirtualList } from './virtual-list.js';

export interface BurstRowsOptions {
  readonly model: HistoryModel;
  list(): VirtualList;
  channelName(channel: string): string;
  now(): number;
  /** See BurstSource.foldFrom. */
  foldFrom(): number;
}

/**
 * Between the history (entries by index) and the list (rows): a burst's entries are one row
 * until it is expanded (Enter, Right or a click; Left folds it again, also from one of its entries).
 */
export class BurstRows {
  private readonly groups: BurstGroups;

  constructor(private readonly opts: BurstRowsOptions) {
    const model = opts.model;
    this.groups = new BurstGroups({ get size() { return model.size; }, cached: () => model.cached(), foldFrom: () => opts.foldFrom() });
  }

  get size(): number {
    return this.groups.size;
  }

  /** The entry on list row `row`; a folded burst's row stands for its newest entry. */
  entryAt(row: number): HistoryEntry | undefined {
    const shown = this.groups.at(row);
    return this.opts.model.at(shown.kind === 'burst' ? shown.run.first : shown.index);
  }

  /** The row that shows entry `index`, expanding its burst if it is folded. */
  rowOf(index: number): number {
    const row = this.groups.rowOf(index);
    const shown = this.groups.at(row);
    if (shown.kind === 'burst' && !shown.expanded) {
      this.groups.setExpanded(shown.run, true);
      this.resize();
      return this.groups.rowOf(index);
    }
    return row;
  }

  paint(element: HTMLElement, row: number): void {
    const shown = this.groups.at(row);
    const model = this.opts.model;
    element.classList.toggle('burst-row', shown.kind === 'burst');
    element.classList.toggle('burst-member', shown.kind === 'entry' && shown.run !== undefined);
    element.classList.toggle('burst-open', shown.kind === 'burst' && shown.expanded);
    if (shown.kind === 'entry') {
      paintRow(element, model.at(shown.index), this.opts.now(), (channel) => this.opts.channelName(channel));
      return;
    }
    const newest = model.at(shown.run.first);
    const count = shown.run.last - shown.run.first + 1;
    const channel = newest === undefined ? '' : this.opts.channelName(newest.channel);
    paintBurstRow(element, newest, count, shown.expanded, channel, this.opts.now());
  }

  /** The list shows rows first..last: the model loads the entries behind them. */
  visible(first: number, last: number): void {
    const from = this.groups.at(first);
    const to = this.groups.at(last);
    this.opts.model.show(from.kind === 'burst' ? from.run.first : from.index, to.kind === 'burst' ? to.run.last : to.index);
  }

  /** Enter or a click: a burst's row expands or folds (true); an entry is left to the caller (false). */
  toggle(row: number): boolean {
    const shown = this.groups.at(row);
    if (shown.kind !== 'burst') return false;
    this.groups.setExpanded(shown.run, !shown.expanded);
    this.resize();
    return true;
  }

  /** Right expands a burst's row; Left folds it, from its row or one of its entries (then its row becomes active). */
  expand(row: number, open: boolean): boolean {
    const shown = this.groups.at(row);
    if (shown.kind === 'burst') {
      if (shown.expanded === open) return false;
      this.groups.setExpanded(shown.run, open);
      this.resize();
      return true;
    }
    if (open || shown.run === undefined) return false;
    this.groups.setExpanded(shown.run, false);
    this.resize();
    this.opts.list().setActive(this.groups.rowOfRun(shown.run));
    return true;
  }

  /** `count` entries were put in front: the rows on screen stay where they are. */
  prepended(count: number): void {
    const before = this.groups.size;
    this.groups.shift(count);
    this.groups.update();
    this.opts.list().shiftBy(this.groups.size - before, this.groups.size);
  }

  /** The model changed: runs are learnt from what it loaded. */
  changed(): void {
    this.groups.update();
    this.opts.list().setSize(this.groups.size);
  }

  /** A new query: no run is known. */
  clear(): void {
    this.groups.clear();
  }

  private resize(): void {
    const list = this.opts.list();
    list.setSize(this.groups.size);
    list.refresh();
  }
}
