import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The window's burst folding (renderer/history/burst-group.ts), bundled by esbuild as the
 * window's build does, against a paged source whose loaded entries each case sets.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Entry {
  readonly id: string;
  readonly burst?: string;
}
interface Run {
  readonly key: string;
  readonly first: number;
  readonly last: number;
}
type Row = { kind: 'entry'; index: number; run: Run | undefined } | { kind: 'burst'; run: Run; expanded: boolean };
interface GroupsLike {
  readonly size: number;
  clear(): void;
  shift(count: number): void;
  update(): void;
  at(row: number): Row;
  rowOf(index: number): number;
  setExpanded(run: Run, expanded: boolean): void;
}
interface Source {
  readonly size: number;
  cached(): Iterable<readonly [number, Entry]>;
  foldFrom(): number;
}
type GroupsClass = new (source: Source) => GroupsLike;

/** A history of `keys` (newest first; one key per entry), of which `loaded` indexes are loaded. */
class PagedSource implements Source {
  foldAt = 4;
  loaded: Set<number>;
  constructor(public keys: string[]) {
    this.loaded = new Set(keys.keys());
  }
  get size(): number {
    return this.keys.length;
  }
  *cached(): Generator<readonly [number, Entry]> {
    for (const i of this.loaded) yield [i, { id: `e${i}`, burst: this.keys[i] }];
  }
  foldFrom(): number {
    return this.foldAt;
  }
}

function shape(groups: GroupsLike): string[] {
  return Array.from({ length: groups.size }, (_, row) => {
    const r = groups.at(row);
    if (r.kind === 'entry') return `${r.run ? ' ' : ''}${r.index}`;
    return `[${r.run.key}×${r.run.last - r.run.first + 1}${r.expanded ? ' open' : ''}]`;
  });
}

describe('burst folding (consecutive entries of one burst become one row)', () => {
  let BurstGroups: GroupsClass;
  before(async () => {
    const entryPoints = [join(ROOT, 'renderer/history/burst-group.ts')];
    const out = await build({ entryPoints, bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
    const code = Buffer.from(out.outputFiles[0]?.text ?? '').toString('base64');
    const mod = (await import(`data:text/javascript;base64,${code}`)) as { BurstGroups: GroupsClass };
    BurstGroups = mod.BurstGroups;
  });

  it('folds runs of at least foldFrom entries; shorter runs and other bursts stay rows; expands and folds', () => {
    const source = new PagedSource(['a', 'b', 'b', 'b', 'b', 'b', 'c', 'd', 'd', 'e']);
    const groups = new BurstGroups(source);
    groups.update();
    assert.deepEqual(shape(groups), ['0', '[b×5]', '6', '7', '8', '9']);
    const row = groups.at(1);
    assert.equal(row.kind, 'burst');
    if (row.kind !== 'burst') return;
    groups.setExpanded(row.run, true);
    assert.deepEqual(shape(groups), ['0', '[b×5 open]', ' 1', ' 2', ' 3', ' 4', ' 5', '6', '7', '8', '9']);
    assert.equal(groups.rowOf(3), 4);
    assert.equal(groups.rowOf(6), 7);
    groups.setExpanded(row.run, false);
    assert.equal(groups.rowOf(3), 1, 'an entry of a folded burst is on its burst\'s row');
    assert.equal(groups.rowOf(9), 5);
    source.foldAt = Number.POSITIVE_INFINITY;
    groups.update();
    assert.deepEqual(shape(groups), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 'coalescing off: nothing folds');
  });

  it('the same burst split by another channel\'s entry is two runs', () => {
    const groups = new BurstGroups(new PagedSource(['x', 'x', 'x', 'x', 'y', 'x', 'x', 'x', 'x']));
    groups.update();
    assert.deepEqual(shape(groups), ['[x×4]', '4', '[x×4]']);
  });

  it('learns a run across pages, keeps it when its entries leave the cache, and shifts it when entries come in front', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => (i >= 100 && i < 112 ? 'burst' : `k${i}`));
    const source = new PagedSource(keys);
    source.loaded = new Set(Array.from({ length: 106 }, (_, i) => i));
    const groups = new BurstGroups(source);
    groups.update();
    assert.equal(groups.at(100).kind, 'burst', 'six loaded already fold');
    source.loaded = new Set(Array.from({ length: 200 }, (_, i) => 100 + i));
    groups.update();
    assert.equal(groups.size, 50_000 - 11);
    source.loaded = new Set(Array.from({ length: 200 }, (_, i) => 40_000 + i));
    groups.update();
    assert.equal(groups.size, 50_000 - 11, 'rows far away do not come back when their entries leave the cache');
    const far = groups.at(40_000 - 11);
    assert.equal(far.kind === 'entry' ? far.index : -1, 40_000);

    source.keys = ['new1', 'new2', ...keys];
    source.loaded = new Set([0, 1]);
    groups.shift(2);
    groups.update();
    const row = groups.at(102);
    assert.deepEqual(row.kind === 'burst' && [row.run.first, row.run.last], [102, 113]);
  });

  it('a run that the loaded entries contradict is dropped (the list changed under it)', () => {
    const source = new PagedSource(['a', 'a', 'a', 'a', 'b']);
    const groups = new BurstGroups(source);
    groups.update();
    assert.deepEqual(shape(groups), ['[a×4]', '4']);
    source.keys = ['c', 'a', 'a', 'b', 'b'];
    groups.update();
    assert.deepEqual(shape(groups), ['0', '1', '2', '3', '4']);
    groups.clear();
    assert.equal(groups.size, 5);
  });
});
