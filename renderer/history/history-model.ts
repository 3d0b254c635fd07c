import type { EchoTrayApi, HistoryEntry, HistoryQuery, HistoryUpdate } from '../../app/bridge/contract.js';
import { errorText } from '../bridge.js';
import { t } from '../i18n.js';
import { matchesQuery } from './history-query.js';

/** Entries per history:list call. */
const BLOCK = 200;
/** Cached rows beyond this are dropped when far from the view. */
const KEEP = 3000;

interface CachedRow {
  readonly entry: HistoryEntry;
  /** The `version` the row was fetched at: older than the model's = shown, but fetched again. */
  readonly version: number;
}

export interface HistoryModelListener {
  /** Rows, the count or the loading state changed. */
  changed(): void;
  /** `rows` new entries were put in front: the view keeps its place. */
  prepended(rows: number): void;
}

/**
 * The history as the window sees it: a sparse, paged cache of the current query's result,
 * loaded block by block (history:list offset/limit) around what the list shows. 50,000 entries
 * cost a few hundred cached rows.
 *
 * Pushes keep it live without reloading: new entries are put in front locally (`shift` counts
 * them; an answer that was on its way is aligned to them, see `alignment`), read marks are
 * applied in place, and every change makes the cached rows stale so the rows on screen are
 * fetched again.
 * A new query or a reload bumps `epoch`: answers to older requests are then dropped.
 */
export class HistoryModel {
  private query: HistoryQuery = {};
  private readonly rows = new Map<number, CachedRow>();
  private count = 0;
  private countVersion = -1;
  private isComplete = true;
  private isLoading = true;
  private failure: string | null = null;
  private epoch = 0;
  private version = 0;
  private shift = 0;
  private readonly inflight = new Set<string>();
  private first = 0;
  private last = 0;

  constructor(
    private readonly api: EchoTrayApi,
    private readonly listener: HistoryModelListener,
  ) {}

  get size(): number {
    return this.count;
  }

  /** True until the first answer for the current query. */
  get loading(): boolean {
    return this.isLoading;
  }

  /** False while the main process is still reading older entries from disk. */
  get complete(): boolean {
    return this.isComplete;
  }

  get error(): string | null {
    return this.failure;
  }

  get currentQuery(): HistoryQuery {
    return this.query;
  }

  at(index: number): HistoryEntry | undefined {
    return this.rows.get(index)?.entry;
  }

  /** The entries loaded now, by index (a few blocks around the view). */
  *cached(): Generator<readonly [number, HistoryEntry]> {
    for (const [index, row] of this.rows) yield [index, row.entry];
  }

  /** A cached entry by id (the rows near the view). */
  find(id: string): { readonly index: number; readonly entry: HistoryEntry } | undefined {
    for (const [index, row] of this.rows) if (row.entry.id === id) return { index, entry: row.entry };
    return undefined;
  }

  setQuery(query: HistoryQuery): void {
    this.query = query;
    this.epoch++;
    this.version++;
    this.rows.clear();
    this.inflight.clear();
    this.count = 0;
    this.isLoading = true;
    this.failure = null;
    this.first = 0;
    this.last = 0;
    this.fetchWindow();
    this.listener.changed();
  }

  /** Everything again (after a login, or a failure). */
  reload(): void {
    this.setQuery(this.query);
  }

  /** The list shows rows first..last: load what is missing or stale there. */
  show(first: number, last: number): void {
    this.first = first;
    this.last = last;
    this.fetchWindow();
  }

  apply(update: HistoryUpdate): void {
    switch (update.kind) {
      case 'added':
        this.prepend(update.entries);
        break;
      case 'read':
        this.markRead(update.ids);
        break;
      case 'unread':
      case 'reloaded':
        this.refresh(true);
        break;
    }
  }

  private prepend(added: readonly HistoryEntry[]): void {
    const known = new Set<string>();
    for (const row of this.rows.values()) known.add(row.entry.id);
    // `added` is in arrival order; the list is newest first.
    const fresh = added.filter((e) => !known.has(e.id) && matchesQuery(e, this.query)).reverse();
    const k = fresh.length;
    if (k > 0) {
      const moved = [...this.rows].map(([index, row]) => [index + k, row] as const);
      this.rows.clear();
      fresh.forEach((entry, index) => this.rows.set(index, { entry, version: this.version }));
      for (const [index, row] of moved) this.rows.set(index, row);
      this.count += k;
      this.shift += k;
      this.isLoading = false;
      this.listener.prepended(k);
    }
    // The history may have dropped its oldest entries (cap): check the rows on screen.
    this.refresh(false);
  }

  private markRead(ids: readonly string[] | 'all'): void {
    if (this.query.unreadOnly === true) {
      this.refresh(true);
      return;
    }
    const which = ids === 'all' ? null : new Set(ids);
    for (const [index, row] of this.rows) {
      if (!row.entry.read && (which === null || which.has(row.entry.id))) {
        this.rows.set(index, { entry: { ...row.entry, read: true }, version: row.version });
      }
    }
    this.listener.changed();
  }

  /** Cached rows become stale; `hard` also drops the answers on their way. */
  private refresh(hard: boolean): void {
    if (hard) {
      this.epoch++;
      this.inflight.clear();
    }
    this.version++;
    this.fetchWindow();
    this.listener.changed();
  }

  private fresh(offset: number): boolean {
    if (this.countVersion !== this.version) return false;
    const end = Math.min(offset + BLOCK, this.count);
    for (let i = offset; i < end; i++) if (this.rows.get(i)?.version !== this.version) return false;
    return true;
  }

  private fetchWindow(): void {
    const from = Math.floor(this.first / BLOCK) * BLOCK;
    for (let offset = from; offset <= this.last; offset += BLOCK) {
      if (offset > 0 && offset >= this.count && this.countVersion === this.version) break;
      if (this.fresh(offset)) continue;
      const key = `${this.version}:${offset}`;
      if (this.inflight.has(key)) continue;
      this.inflight.add(key);
      void this.fetch(offset, key);
    }
  }

  private async fetch(offset: number, key: string): Promise<void> {
    const { epoch, version, shift, query, count } = this;
    try {
      const page = await this.api.invoke('history:list', { ...query, offset, limit: BLOCK });
      if (epoch !== this.epoch) return;
      const align = this.alignment(page.items[0]?.id, page.total, offset, this.shift - shift, count);
      page.items.forEach((entry, k) => {
        const index = offset + align + k;
        const cached = this.rows.get(index);
        if (cached === undefined || cached.version <= version) this.rows.set(index, { entry, version });
      });
      if (version >= this.countVersion) {
        this.count = page.total + align;
        this.countVersion = version;
        this.isComplete = page.complete;
      }
      for (const index of this.rows.keys()) if (index >= this.count) this.rows.delete(index);
      this.isLoading = false;
      this.failure = null;
      this.trim();
    } catch (err) {
      if (epoch !== this.epoch) return;
      this.isLoading = false;
      this.failure = t('history.readFailed', { reason: errorText(err) });
      // No retry loop: the next push, scroll or query asks again.
      this.listener.changed();
      return;
    } finally {
      this.inflight.delete(key);
    }
    this.listener.changed();
    // The count may have grown: more rows on screen to load.
    this.fetchWindow();
  }

  /**
   * Where an answer lands when `delta` entries were put in front while it was on its way: the
   * main process may have answered before or after storing some of them. Its first entry, if
   * cached, says exactly; else its total does (`total - countAtRequest` of them were stored).
   * Returns how many of the `delta` the answer does not include.
   */
  private alignment(firstId: string | undefined, total: number, offset: number, delta: number, countAtRequest: number): number {
    if (delta === 0) return 0;
    if (firstId !== undefined) {
      for (let d = 0; d <= delta; d++) if (this.rows.get(offset + d)?.entry.id === firstId) return d;
    }
    return Math.max(0, Math.min(delta, delta - (total - countAtRequest)));
  }

  private trim(): void {
    if (this.rows.size <= KEEP) return;
    const low = this.first - KEEP / 3;
    const high = this.last + KEEP / 3;
    for (const index of this.rows.keys()) if (index < low || index > high) this.rows.delete(index);
  }
}
