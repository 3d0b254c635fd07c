import type { HistoryEntry } from '../../app/bridge/contract.js';

/** A run of consecutive entries (list indexes `first..last`, newest first) of one burst. */
export interface BurstRun {
  readonly key: string;
  readonly first: number;
  readonly last: number;
}

/** One row of the list: an entry (by its index in the history), or a burst folded into one row. */
export type DisplayRow =
  | { readonly kind: 'entry'; readonly index: number; readonly run: BurstRun | undefined }
  | { readonly kind: 'burst'; readonly run: BurstRun; readonly expanded: boolean };

export interface BurstSource {
  /** Entries in the history's current list. */
  readonly size: number;
  /** The entries loaded so far (a sparse window of the list), by index. */
  cached(): Iterable<readonly [number, HistoryEntry]>;
  /** Runs this long or longer fold, as the OS notification sums up "more than N" (Infinity: none). */
  foldFrom(): number;
}

interface Placed {
  readonly run: BurstRun;
  /** Its row in the list. */
  readonly start: number;
  /** Rows it takes: 1 folded, 1 + its entries expanded. */
  readonly rows: number;
}

/**
 * Folds consecutive entries with the same `burst` key (more of them than the coalescing threshold) into one row ("12 updates in To-dos ›")
 * that expands. The history is paged, so runs are learnt from what has been loaded and kept
 * (shifted when entries are put in front) as the view moves on: rows far away do not jump when
 * their entries leave the cache. Lookups are binary searches over the runs, so 50,000 entries
 * cost nothing more than their runs.
 */
export class BurstGroups {
  private runs: BurstRun[] = [];
  private placed: Placed[] = [];
  private readonly open = new Set<string>();
  private total = 0;

  constructor(private readonly source: BurstSource) {}

  /** Rows in the list. */
  get size(): number {
    return this.total;
  }

  /** A new query: the indexes mean other entries now. */
  clear(): void {
    this.runs = [];
    this.open.clear();
    this.place();
  }

  /** `count` entries were put in front. */
  shift(count: number): void {
    this.runs = this.runs.map((r) => ({ key: r.key, first: r.first + count, last: r.last + count }));
  }

  /** Learns the runs from the loaded entries (after every change of the model). */
  update(): void {
    const cached = [...this.source.cached()].sort((a, b) => a[0] - b[0]);
    const keyAt = new Map<number, string | undefined>();
    for (const [index, entry] of cached) keyAt.set(index, entry.offlineFrom === undefined ? entry.burst : undefined);
    // A run that the loaded entries now contradict (other keys inside it) is learnt anew.
    const kept = this.runs.filter((r) => r.last < this.source.size && this.agrees(r, keyAt));
    for (const run of this.scan(cached, keyAt)) this.merge(kept, run);
    this.runs = kept.sort((a, b) => a.first - b.first);
    this.place();
  }

  at(row: number): DisplayRow {
    const k = this.placedAt(row);
    const p = k < 0 ? undefined : this.placed[k];
    if (p === undefined) return { kind: 'entry', index: row, run: undefined };
    const offset = row - p.start;
    if (offset >= p.rows) return { kind: 'entry', index: p.run.last + 1 + (row - p.start - p.rows), run: undefined };
    if (offset === 0) return { kind: 'burst', run: p.run, expanded: p.rows > 1 };
    return { kind: 'entry', index: p.run.first + offset - 1, run: p.run };
  }

  /** The row showing entry `index` (its burst's row while that is folded). */
  rowOf(index: number): number {
    const found = lastAtOrBefore(this.placed, index, (p) => p.run.first);
    const p = found < 0 ? undefined : this.placed[found];
    if (p === undefined) return index;
    if (index <= p.run.last) return p.rows === 1 ? p.start : p.start + 1 + index - p.run.first;
    return p.start + p.rows + index - p.run.last - 1;
  }

  setExpanded(run: BurstRun, expanded: boolean): void {
    if (expanded) this.open.add(run.key);
    else this.open.delete(run.key);
    this.place();
  }

  /** The row of a burst: where focus goes back when it folds. */
  rowOfRun(run: BurstRun): number {
    return this.placed.find((p) => p.run.key === run.key && p.run.first === run.first)?.start ?? this.rowOf(run.first);
  }

  private agrees(run: BurstRun, keyAt: ReadonlyMap<number, string | undefined>): boolean {
    for (let i = run.first; i <= run.last; i++) if (keyAt.has(i) && keyAt.get(i) !== run.key) return false;
    return true;
  }

  private *scan(cached: readonly (readonly [number, HistoryEntry])[], keyAt: ReadonlyMap<number, string | undefined>): Generator<BurstRun> {
    let run: { key: string; first: number; last: number } | undefined;
    for (const [index] of cached) {
      const key = keyAt.get(index);
      if (run !== undefined && key === run.key && index === run.last + 1) {
        run.last = index;
        continue;
      }
      if (run !== undefined) yield run;
      run = key === undefined ? undefined : { key, first: index, last: index };
    }
    if (run !== undefined) yield run;
  }

  /** Adds `run`, joined with a known run of the same burst that it touches. */
  private merge(runs: BurstRun[], run: BurstRun): void {
    let first = run.first;
    let last = run.last;
    for (let i = runs.length - 1; i >= 0; i--) {
      const r = runs[i];
      if (r === undefined || r.key !== run.key || r.first > last + 1 || r.last < first - 1) continue;
      first = Math.min(first, r.first);
      last = Math.max(last, r.last);
      runs.splice(i, 1);
    }
    // Another burst's run that this one now overlaps is stale.
    for (let i = runs.length - 1; i >= 0; i--) {
      const r = runs[i];
      if (r !== undefined && r.first <= last && r.last >= first) runs.splice(i, 1);
    }
    runs.push({ key: run.key, first, last });
  }

  private place(): void {
    const placed: Placed[] = [];
    const fold = Math.max(2, this.source.foldFrom());
    let extra = 0;
    for (const run of this.runs) {
      const length = run.last - run.first + 1;
      if (length < fold) continue;
      const rows = this.open.has(run.key) ? length + 1 : 1;
      placed.push({ run, start: run.first + extra, rows });
      extra += rows - length;
    }
    this.placed = placed;
    this.total = Math.max(0, this.source.size + extra);
  }

  /** The last folded run starting at or before `row`, -1 = none. */
  private placedAt(row: number): number {
    return lastAtOrBefore(this.placed, row, (p) => p.start);
  }

}

/** The index of the last item whose `key` is at most `value` (items sorted by it), -1 = none. */
function lastAtOrBefore<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && key(item) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
