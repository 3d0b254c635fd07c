import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The window's history cache (renderer/history/history-model.ts), bundled by esbuild as the
 * window's build does and run here against a fake main process whose answers the test delivers
 * one by one: the order of pushes and answers is exactly what each case says.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Entry {
  readonly id: string;
  readonly channel: string;
  readonly title: string;
  readonly body: string;
  readonly event: string;
  readonly read: boolean;
}

interface Query {
  readonly offset?: number;
  readonly limit?: number;
  readonly search?: string;
  readonly channel?: string;
}

interface ModelLike {
  readonly size: number;
  readonly loading: boolean;
  at(index: number): Entry | undefined;
  setQuery(query: Query): void;
  show(first: number, last: number): void;
  apply(update: { kind: 'added'; entries: Entry[]; unread: number } | { kind: 'reloaded'; unread: number } | {
    kind: 'read';
    ids: string[] | 'all';
    unread: number;
  }): void;
}

type ModelClass = new (api: unknown, listener: { changed(): void; prepended(rows: number): void }) => ModelLike;

interface Pending {
  readonly query: Query;
  resolve(page: { items: Entry[]; total: number; complete: boolean }): void;
}

function entry(n: number, channel = 'poster_room'): Entry {
  return { id: `e${n}`, channel, title: `Entry ${n}`, body: '', event: 'x', read: false };
}

/** The fake main process: `stored` is its history, oldest first; answers wait until `answer`. */
class FakeMain {
  stored: Entry[] = [];
  readonly pending: Pending[] = [];
  readonly api = {
    invoke: (channel: string, query: Query): Promise<unknown> => {
      assert.equal(channel, 'history:list');
      return new Promise((resolve) => this.pending.push({ query, resolve }));
    },
    on: () => () => undefined,
  };

  /** Answers the oldest waiting request from the history as it is now. */
  async answer(): Promise<void> {
    const next = this.pending.shift();
    assert.ok(next, 'a request is waiting');
    const matching = [...this.stored].reverse().filter((e) => next.query.channel === undefined || e.channel === next.query.channel);
    const offset = next.query.offset ?? 0;
    next.resolve({ items: matching.slice(offset, offset + (next.query.limit ?? 100)), total: matching.length, complete: true });
    await new Promise((resolve) => setImmediate(resolve));
  }

  async answerAll(): Promise<void> {
    while (this.pending.length > 0) await this.answer();
  }
}

function ids(model: ModelLike): (string | undefined)[] {
  return Array.from({ length: model.size }, (_, i) => model.at(i)?.id);
}

describe('history model (the window\'s paged cache) against a fake main process', () => {
  let HistoryModel: ModelClass;
  before(async () => {
    const out = await build({
      entryPoints: [join(ROOT, 'renderer/history/history-model.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { HistoryModel: ModelClass };
    HistoryModel = mod.HistoryModel;
  });

  const start = async (main: FakeMain): Promise<{ model: ModelLike; prepended: number[] }> => {
    const prepended: number[] = [];
    const model = new HistoryModel(main.api, { changed: () => undefined, prepended: (rows) => prepended.push(rows) });
    model.setQuery({});
    model.show(0, 20);
    await main.answerAll();
    return { model, prepended };
  };

  it('loads newest first and puts pushed entries in front without asking again for them', async () => {
    const main = new FakeMain();
    main.stored = [1, 2, 3].map((n) => entry(n));
    const { model, prepended } = await start(main);
    assert.deepEqual(ids(model), ['e3', 'e2', 'e1']);
    main.stored.push(entry(4));
    model.apply({ kind: 'added', entries: [entry(4)], unread: 4 });
    assert.deepEqual(ids(model), ['e4', 'e3', 'e2', 'e1'], 'shown at once');
    assert.deepEqual(prepended, [1]);
    await main.answerAll();
    assert.deepEqual(ids(model), ['e4', 'e3', 'e2', 'e1']);
  });

  it('an answer computed after an entry was stored, arriving after its push, does not show it twice', async () => {
    const main = new FakeMain();
    main.stored = [1, 2, 3].map((n) => entry(n));
    const { model } = await start(main);
    model.apply({ kind: 'reloaded', unread: 3 }); // a request is now on its way…
    main.stored.push(entry(4)); // …the main process stores e4 and pushes it…
    model.apply({ kind: 'added', entries: [entry(4)], unread: 4 });
    await main.answer(); // …then answers the older request, e4 included
    assert.deepEqual(ids(model), ['e4', 'e3', 'e2', 'e1']);
    await main.answerAll();
    assert.deepEqual(ids(model), ['e4', 'e3', 'e2', 'e1']);
  });

  it('an answer computed before an entry was stored, arriving after its push, lands below it', async () => {
    const main = new FakeMain();
    main.stored = [1, 2, 3].map((n) => entry(n));
    const { model } = await start(main);
    model.apply({ kind: 'reloaded', unread: 3 });
    const before = main.pending.shift();
    assert.ok(before);
    const answerNow = [...main.stored].reverse(); // computed now, without e5
    main.stored.push(entry(5));
    model.apply({ kind: 'added', entries: [entry(5)], unread: 4 });
    before.resolve({ items: answerNow, total: answerNow.length, complete: true });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(ids(model), ['e5', 'e3', 'e2', 'e1']);
    await main.answerAll();
    assert.deepEqual(ids(model), ['e5', 'e3', 'e2', 'e1']);
  });

  it('a pushed entry outside the filter is not put in front', async () => {
    const main = new FakeMain();
    main.stored = [entry(1, 'a'), entry(2, 'b')];
    const { model, prepended } = await start(main);
    model.setQuery({ channel: 'a' });
    await main.answerAll();
    assert.deepEqual(ids(model), ['e1']);
    main.stored.push(entry(3, 'b'));
    model.apply({ kind: 'added', entries: [entry(3, 'b')], unread: 3 });
    await main.answerAll();
    assert.deepEqual(ids(model), ['e1']);
    assert.deepEqual(prepended, []);
  });

  it('pages a long history by blocks around what is shown, and forgets what is far away', async () => {
    const main = new FakeMain();
    main.stored = Array.from({ length: 10_000 }, (_, i) => entry(i + 1));
    const { model } = await start(main);
    assert.equal(model.size, 10_000);
    assert.equal(model.at(300), undefined, 'only the first block is loaded');
    model.show(9_990, 9_999);
    assert.deepEqual(main.pending.map((p) => [p.query.offset, p.query.limit]), [[9_800, 200]]);
    await main.answerAll();
    assert.equal(model.at(9_999)?.id, 'e1');
    model.apply({ kind: 'read', ids: ['e1'], unread: 9_999 });
    assert.equal(model.at(9_999)?.read, true, 'read marks apply in place');
  });
});
