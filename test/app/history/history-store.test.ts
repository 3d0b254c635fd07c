import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs, { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger } from '../../../app/log.js';
import type { TrayNotification } from '../../../app/pipeline/notification.js';
import { formatNote, formatRead, formatReadAll, noteLineStart } from '../../../app/history/history-record.js';
import { READ_CHUNK } from '../../../app/history/append-log.js';
import { COMPACT_AT_CAP_TIMES, HistoryStore, type HistoryChange } from '../../../app/history/history-store.js';

const root = mkdtempSync(join(tmpdir(), 'echo-tray-history-'));
after(() => rmSync(root, { recursive: true, force: true }));

let dirCount = 0;
function freshPath(name = 'history.jsonl'): string {
  const dir = join(root, `case-${++dirCount}`);
  mkdirSync(dir);
  return join(dir, name);
}

function note(i: number, over: Partial<TrayNotification> = {}): TrayNotification {
  return {
    id: `id-${i}`,
    channel: i % 2 === 0 ? 'private-App.Models.User.7' : 'poster_room',
    event: 'App\\Events\\TodoEventUpdated',
    title: `Title ${i}`,
    body: `Body of notification ${i}`,
    url: `https://app.example.test/todos/${i}`,
    receivedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    urgency: 'normal',
    ...over,
  };
}

function fileLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
}

function ids(store: HistoryStore, limit = 1_000_000): string[] {
  return store.list({ limit }).items.map((e) => e.id);
}

/** Counts fs.write calls whose callback has not run yet (the ESM binding the store imported included). */
function countAsyncWrites(): { pending(): number; restore(): void } {
  const real = fs.write;
  let pending = 0;
  const counting = (...args: unknown[]): void => {
    const callback = args.pop() as (...result: unknown[]) => void;
    pending++;
    (real as (...a: unknown[]) => void)(...args, (...result: unknown[]) => {
      pending--;
      callback(...result);
    });
  };
  (fs as { write: unknown }).write = counting;
  syncBuiltinESMExports();
  return {
    pending: () => pending,
    restore(): void {
      fs.write = real;
      syncBuiltinESMExports();
    },
  };
}

describe('HistoryStore', () => {
  it('round-trips entries, order and read state through a reopen', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    for (let i = 0; i < 5; i++) {
      assert.equal(store.append(note(i, { type: i === 2 ? 'App\\Notifications\\InvoicePaid' : undefined })), true);
    }
    assert.equal(store.markRead(['id-1', 'id-3', 'unknown']), 2);
    await store.close();

    const again = await HistoryStore.open(path);
    assert.equal(again.loaded, true);
    assert.deepEqual(ids(again), ['id-4', 'id-3', 'id-2', 'id-1', 'id-0']);
    assert.deepEqual(again.list().items.map((e) => e.read), [false, true, false, true, false]);
    assert.equal(again.unreadCount(), 3);
    assert.deepEqual(again.get('id-2'), { ...note(2), type: 'App\\Notifications\\InvoicePaid', read: false });
    assert.equal(again.get('nope'), undefined);
    assert.equal(again.damaged, 0);

    assert.equal(again.markAllRead(), 3);
    assert.equal(again.markAllRead(), 0);
    again.append(note(5));
    await again.close();

    const third = await HistoryStore.open(path);
    assert.deepEqual(third.list({ limit: 2 }).items.map((e) => [e.id, e.read]), [['id-5', false], ['id-4', true]]);
    assert.equal(third.unreadCount(), 1);
    third.clear();
    assert.equal(third.size, 0);
    third.append(note(6));
    await third.close();

    const fourth = await HistoryStore.open(path);
    assert.deepEqual(ids(fourth), ['id-6']);
    await fourth.close();
    assert.equal(fileLines(path).length, 1, 'clear compacts the file');
  });

  it('keeps the newest `cap` entries, compacting the file with their read state', async () => {
    const path = freshPath();
    const cap = 10;
    const store = await HistoryStore.open(path, { cap });
    for (let burst = 0; burst < 20; burst++) {
      for (let i = burst * 5; i < burst * 5 + 5; i++) store.append(note(i));
      if (burst === 18) store.markRead(['id-92']);
      await store.flush();
      assert.ok(fileLines(path).length <= cap * COMPACT_AT_CAP_TIMES + 6, `file bounded (burst ${burst}: ${fileLines(path).length} lines)`);
    }
    assert.equal(store.size, cap);
    await store.close();
    assert.deepEqual(readdirSync(join(path, '..')), ['history.jsonl'], 'no temp file left');

    const again = await HistoryStore.open(path, { cap });
    assert.deepEqual(ids(again), Array.from({ length: cap }, (_, k) => `id-${99 - k}`));
    assert.equal(again.get('id-92')?.read, true);
    assert.equal(again.unreadCount(), cap - 1);
    await again.close();
  });

  it('compacts an oversized file after loading it', async () => {
    const path = freshPath();
    writeFileSync(path, Array.from({ length: 1000 }, (_, i) => formatNote(note(i), i === 950)).join(''));
    const store = await HistoryStore.open(path, { cap: 100 });
    await store.ready;
    assert.equal(store.size, 100);
    await store.flush();
    await store.close();
    const lines = fileLines(path);
    assert.equal(lines.length, 100);
    assert.ok(lines[0]?.includes('"id-900"'));
    assert.ok(lines.find((l) => l.includes('"id-950"'))?.includes('"read":true'));
  });

  it('compacts by keeping the newest lines as they were written, marks and appends made meanwhile included', async () => {
    const cap = 10;
    // The same changes in a history too large to compact: its file is what was written.
    const play = async (path: string, storeCap: number): Promise<HistoryStore> => {
      const store = await HistoryStore.open(path, { cap: storeCap });
      for (let i = 0; i < 25; i++) store.append(note(i));
      store.markRead(['id-22']);
      store.markAllRead();
      store.markUnread(['id-24']);
      await store.flush();
      // Due now: these are queued while the compaction reads the file.
      for (let i = 25; i < 40; i++) store.append(note(i));
      await store.flush();
      return store;
    };
    const whole = freshPath();
    await (await play(whole, 1000)).close();
    const path = freshPath();
    const store = await play(path, cap);
    await store.close();

    // Marks say when they were made: the two runs differ only there.
    const withoutTimes = (text: string): string => text.replace(/"at":"[^"]*"/g, '"at":""');
    const written = withoutTimes(readFileSync(whole, 'utf8'));
    const compacted = withoutTimes(readFileSync(path, 'utf8'));
    assert.ok(compacted.length < written.length, 'compacted');
    assert.ok(written.endsWith(compacted), 'the file is the tail of what was written, byte for byte');
    // The 31st line (note 27) made it due, when the store held notes 18 to 27.
    assert.ok(compacted.startsWith(formatNote(note(28 - cap), false)), 'from the oldest entry the store held when it compacted');
    const again = await HistoryStore.open(path, { cap });
    assert.deepEqual(ids(again), Array.from({ length: cap }, (_, k) => `id-${39 - k}`));
    assert.equal(again.unreadCount(), cap, 'every entry kept came after the read-all');
    await again.close();
    const kept = await HistoryStore.open(path, { cap: 1000 });
    assert.equal(kept.get('id-22')?.read, true, 'the marks kept still apply');
    assert.equal(kept.get('id-24')?.read, false);
    await kept.close();
  });

  it('finds the oldest entry kept when its line starts across two reads of the file', async () => {
    const cap = 3;
    const path = freshPath();
    const store = await HistoryStore.open(path, { cap });
    const needle = `\n${noteLineStart('id-6')}`.length;
    // From id-6's line to the end of the file: a read's length and a few bytes, so that the
    // newline before it is in one read and the line's start in the next.
    const tail = READ_CHUNK + Math.floor(needle / 2);
    const rest = formatNote(note(7), false).length + formatRead(['id-7']).length;
    const bare = formatNote(note(6, { body: '' }), false).length;
    const big = note(6, { body: 'x'.repeat(tail - rest - bare) });
    for (let i = 0; i < 6; i++) store.append(note(i));
    store.append(big);
    store.append(note(7));
    store.markRead(['id-7']);
    await store.flush();
    store.append(note(8)); // the tenth line: due, holding id-6, id-7 and id-8
    await store.close();
    const kinds = fileLines(path).map((l) => {
      const r = JSON.parse(l) as { k: string; id?: string; ids?: string[] };
      return `${r.k} ${r.id ?? r.ids?.join(',') ?? ''}`;
    });
    assert.deepEqual(kinds, ['note id-6', 'note id-7', 'read id-7', 'note id-8'], 'kept as written, the mark too');
    assert.equal(fileLines(path)[0]?.length, tail - rest - 1);
  });

  it('loses nothing when the app exits (flushSync) while a compaction is under way', async () => {
    const cap = 10;
    for (const turns of [0, 1, 2]) {
      const path = freshPath();
      const store = await HistoryStore.open(path, { cap });
      for (let i = 0; i < 20; i++) store.append(note(i));
      await store.flush();
      for (let i = 20; i < 31; i++) store.append(note(i)); // the 31st line makes it due
      for (let t = 0; t < turns; t++) await new Promise<void>((resolve) => setImmediate(resolve));
      store.append(note(31));
      store.flushSync();
      await store.close();
      const again = await HistoryStore.open(path, { cap: 1000 });
      const kept = ids(again);
      assert.deepEqual(kept.slice(0, cap), Array.from({ length: cap }, (_, k) => `id-${31 - k}`), `after ${turns} turns`);
      assert.equal(new Set(fileLines(path)).size, fileLines(path).length, 'no line twice');
      await again.close();
    }
  });

  it('compacts from memory when marks would keep too many lines, or the oldest line is in another form', async () => {
    const cap = 10;
    const marks = freshPath();
    const store = await HistoryStore.open(marks, { cap });
    const mark = (i: number): number => (i % 2 === 0 ? store.markRead(['id-5']) : store.markUnread(['id-5']));
    for (let i = 0; i < cap + 2; i++) store.append(note(i));
    // On disk, 29 lines; from the oldest entry kept (id-2) on, 27, more than twice the cap.
    for (let i = 0; i < cap * COMPACT_AT_CAP_TIMES - (cap + 2) - 1; i++) mark(i);
    await store.flush();
    mark(1);
    mark(0);
    await store.close();
    assert.deepEqual(
      fileLines(marks).map((l) => (JSON.parse(l) as { k: string }).k),
      Array.from({ length: cap }, () => 'note'),
      'one note per entry, marks folded in',
    );
    assert.ok(fileLines(marks).find((l) => l.includes('"id-5"'))?.includes('"read":true'));

    // Written by another version, fields in another order: no line starts the way ours do.
    const other = freshPath();
    const reordered = (i: number): string => {
      const { id, ...fields } = note(i);
      return `${JSON.stringify({ ...fields, k: 'note', id })}\n`;
    };
    writeFileSync(other, Array.from({ length: 1000 }, (_, i) => reordered(i)).join(''));
    const loaded = await HistoryStore.open(other, { cap: 100 });
    await loaded.ready;
    await loaded.close();
    const lines = fileLines(other);
    assert.deepEqual(lines, Array.from({ length: 100 }, (_, k) => formatNote(note(900 + k), false).trimEnd()));
  });

  it('stores a duplicate id once, ignoring the later append', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    assert.equal(store.append(note(1)), true);
    assert.equal(store.append(note(1, { title: 'Again' })), false);
    assert.equal(store.size, 1);
    assert.equal(store.get('id-1')?.title, 'Title 1');
    await store.close();
    assert.equal(fileLines(path).length, 1);
    const again = await HistoryStore.open(path);
    assert.equal(again.append(note(1, { title: 'Third' })), false);
    assert.deepEqual(ids(again), ['id-1']);
    await again.close();
  });

  it('loses only a truncated last line, and the next append starts on a fresh line', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    for (let i = 0; i < 3; i++) store.append(note(i));
    await store.close();
    appendFileSync(path, formatNote(note(3), false).slice(0, 40)); // cut mid-line

    const logger = new MemoryLogger();
    const again = await HistoryStore.open(path, { logger });
    await again.ready;
    assert.equal(again.damaged, 1);
    assert.deepEqual(ids(again), ['id-2', 'id-1', 'id-0']);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.message, `history: 1 damaged entries skipped in ${path}`);
    again.append(note(4));
    await again.close();

    const third = await HistoryStore.open(path);
    assert.deepEqual(ids(third), ['id-4', 'id-2', 'id-1', 'id-0']);
    assert.deepEqual(third.get('id-4'), { ...note(4), read: false });
    assert.equal(third.damaged, 1);
    await third.close();
  });

  it('keeps a last line that is complete but lost its newline', async () => {
    const path = freshPath();
    writeFileSync(path, formatNote(note(0), false) + formatNote(note(1), false).trimEnd());
    const store = await HistoryStore.open(path);
    assert.equal(store.damaged, 0);
    store.append(note(2));
    await store.close();
    const again = await HistoryStore.open(path);
    assert.deepEqual(ids(again), ['id-2', 'id-1', 'id-0']);
    await again.close();
  });

  it('skips garbage and wrong-typed records in the middle, losing only those lines', async () => {
    const path = freshPath();
    const good = (i: number): string => formatNote(note(i), false);
    const bad = [
      'not json at all\n',
      '{"k":"note","id":"id-x","chan\n',
      '\u0000\u0000\u0000\u0000\n',
      '[1,2,3]\n',
      '"just a string"\n',
      JSON.stringify({ ...note(50), k: 'note', id: 50 }) + '\n',
      JSON.stringify({ ...note(51), k: 'note', urgency: 'extreme' }) + '\n',
      JSON.stringify({ ...note(52), k: 'note', read: 'yes' }) + '\n',
      JSON.stringify({ ...note(53), k: 'note', title: null }) + '\n',
      JSON.stringify({ ...note(54), k: 'note', id: '' }) + '\n',
      JSON.stringify({ ...note(55) }) + '\n',
      JSON.stringify({ k: 'read', ids: 'id-1' }) + '\n',
      JSON.stringify({ k: 'read', ids: [1] }) + '\n',
      JSON.stringify({ k: 'future-kind' }) + '\n',
    ];
    let text = '';
    for (let i = 0; i < 10; i++) text += good(i) + (bad[i] ?? '') + (i === 3 ? '\n   \n' : '');
    text += bad.slice(10).join('') + formatRead(['id-4']);
    writeFileSync(path, text);

    const logger = new MemoryLogger();
    const store = await HistoryStore.open(path, { logger });
    await store.ready;
    assert.equal(store.damaged, bad.length);
    assert.deepEqual(ids(store), Array.from({ length: 10 }, (_, k) => `id-${9 - k}`));
    assert.equal(store.get('id-4')?.read, true);
    assert.equal(store.unreadCount(), 9);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && l.message.includes(`${bad.length} damaged entries skipped in ${path}`)));
    await store.close();
  });

  it('treats a missing file as an empty history and creates it (and its directories) on write', async () => {
    const path = join(freshPath('x'), '..', 'deep', 'er', 'history.jsonl');
    const store = await HistoryStore.open(path);
    assert.equal(store.loaded, true);
    assert.deepEqual(store.list(), { items: [], total: 0, complete: true });
    store.append(note(1));
    await store.close();
    assert.equal(fileLines(path).length, 1);
  });

  it('rejects with a clear error naming the path when the file cannot be read', async () => {
    const dir = freshPath('is-a-directory');
    mkdirSync(dir);
    await assert.rejects(HistoryStore.open(dir), (err: Error) => {
      assert.match(err.message, /^history: cannot read /);
      assert.ok(err.message.includes(dir));
      return true;
    });
  });

  it('filters by search, channel and unread, with offset and limit', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    for (let i = 0; i < 30; i++) store.append(note(i, i === 7 ? { title: 'Invoice PAID', body: 'Thanks' } : {}));
    store.append(note(30, { channel: 'presence-room', body: 'someone paid an invoice' }));
    store.markRead(['id-0', 'id-1', 'id-2', 'id-3']);

    assert.deepEqual(store.list({ search: '  invoice ' }).items.map((e) => e.id), ['id-30', 'id-7']);
    assert.deepEqual(store.list({ search: 'TODOEVENT', limit: 3 }), { ...store.list({ limit: 3 }), total: 31 });
    const room = store.list({ channel: 'poster_room', offset: 2, limit: 3 });
    assert.deepEqual(room.items.map((e) => e.id), ['id-25', 'id-23', 'id-21']);
    assert.equal(room.total, 15);
    assert.equal(store.list({ channel: 'poster' }).total, 0);
    const unread = store.list({ unreadOnly: true, offset: 25 });
    assert.equal(unread.total, 27);
    assert.deepEqual(unread.items.map((e) => e.id), ['id-5', 'id-4']);
    assert.equal(store.list({ unreadOnly: true, channel: 'poster_room', search: 'body' }).total, 12, 'id-7 has no "body"');
    assert.deepEqual(store.list({ offset: 29, limit: 5 }).items.map((e) => e.id), ['id-1', 'id-0']);
    assert.deepEqual(store.list({ offset: 40 }).items, []);
    assert.deepEqual(store.channels(), [
      { channel: 'poster_room', count: 15, unread: 13 },
      { channel: 'presence-room', count: 1, unread: 1 },
      { channel: 'private-App.Models.User.7', count: 15, unread: 13 },
    ]);
    assert.equal(store.unreadCount(), 27);
    await store.close();
  });

  it('tells listeners what changed', async () => {
    const store = await HistoryStore.open(freshPath());
    const changes: HistoryChange[] = [];
    const off = store.onChange((c) => changes.push(c));
    store.onChange(() => {
      throw new Error('a broken listener does not break the store');
    });
    store.append(note(1));
    store.append(note(1));
    store.append(note(2));
    store.markRead(['id-1', 'id-1']);
    store.markAllRead();
    store.clear();
    off();
    store.append(note(3));
    assert.deepEqual(changes, [
      { kind: 'added', entry: { ...note(1), read: false } },
      { kind: 'added', entry: { ...note(2), read: false } },
      { kind: 'read', ids: ['id-1'] },
      { kind: 'read', ids: ['id-2'] },
      { kind: 'cleared' },
    ]);
    await store.close();
  });

  it('gives the newest page of a 100,000-entry file before loading the rest', async () => {
    const path = freshPath();
    const total = 100_000;
    const parts: string[] = [];
    for (let i = 0; i < total; i++) {
      parts.push(formatNote(note(i), false));
      if (i === 49_999) parts.push(formatReadAll());
    }
    parts.push(formatRead(['id-99990', 'id-10']));
    writeFileSync(path, parts.join(''));

    const store = await HistoryStore.open(path, { cap: total });
    const page = store.list({ limit: 100 });
    assert.equal(store.loaded, false);
    assert.equal(page.complete, false);
    assert.deepEqual(page.items.map((e) => e.id), Array.from({ length: 100 }, (_, k) => `id-${total - 1 - k}`));
    assert.equal(page.items.find((e) => e.id === 'id-99990')?.read, true);
    assert.equal(page.items.filter((e) => e.read).length, 1);

    let loadedEvents = 0;
    store.onChange((c) => {
      if (c.kind === 'loaded') loadedEvents++;
    });
    await store.ready;
    assert.equal(loadedEvents, 1);
    const all = store.list({ offset: total - 2, limit: 10 });
    assert.equal(all.complete, true);
    assert.equal(all.total, total);
    assert.deepEqual(all.items.map((e) => [e.id, e.read]), [['id-1', true], ['id-0', true]]);
    assert.equal(store.unreadCount(), 50_000 - 1);
    assert.equal(store.damaged, 0);
    await store.close();
  });

  it('applies markAllRead and appends made while the rest is still loading', async () => {
    const path = freshPath();
    writeFileSync(path, Array.from({ length: 20_000 }, (_, i) => formatNote(note(i), false)).join(''));
    const store = await HistoryStore.open(path, { cap: 50_000 });
    assert.equal(store.loaded, false);
    store.markAllRead();
    store.markRead(['id-3']);
    store.append(note(20_000));
    await store.ready;
    assert.equal(store.size, 20_001);
    assert.equal(store.unreadCount(), 1);
    assert.equal(store.get('id-0')?.read, true);
    await store.close();

    const again = await HistoryStore.open(path, { cap: 50_000 });
    await again.ready;
    assert.equal(again.size, 20_001);
    assert.equal(again.unreadCount(), 1);
    assert.equal(again.list({ limit: 1 }).items[0]?.id, 'id-20000');
    await again.close();
  });

  it('writes in append order; each flush covers what was appended before it', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    for (let i = 0; i < 50; i++) store.append(note(i));
    const first = store.flush();
    for (let i = 50; i < 100; i++) store.append(note(i));
    const second = store.flush();
    const order: string[] = [];
    await Promise.all([first.then(() => order.push('first')), second.then(() => order.push('second'))]);
    assert.deepEqual(order, ['first', 'second']);
    assert.deepEqual(
      fileLines(path).map((l) => (JSON.parse(l) as { id: string }).id),
      Array.from({ length: 100 }, (_, i) => `id-${i}`),
    );

    store.append(note(100));
    store.markRead(['id-100']);
    store.flushSync();
    const lines = fileLines(path);
    assert.equal(lines.length, 102, 'flushSync writes before returning');
    assert.ok(lines[101]?.includes('"read"'));
    // The store's batch was scheduled first, so after this turn its async write is under way.
    const inFlight = countAsyncWrites();
    try {
      for (let i = 101; i < 2000; i++) store.append(note(i));
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.ok(inFlight.pending() > 0, 'an async write is in flight when flushSync runs');
      store.append(note(2000));
      store.flushSync();
    } finally {
      inFlight.restore();
    }
    assert.equal(fileLines(path).length, 2002, 'flushSync also covers a write in flight');
    store.append(note(2001));
    await store.close();
    const written = fileLines(path).map((l) => (JSON.parse(l) as { id?: string }).id ?? l);
    assert.equal(written.length, 2003);
    assert.deepEqual(written.slice(100), ['id-100', lines[101], ...Array.from({ length: 1901 }, (_, k) => `id-${101 + k}`)]);
  });

  it('reports a write failure without throwing, keeps entries, and writes them once it can', async () => {
    const blocker = freshPath('not-a-dir');
    writeFileSync(blocker, 'a file where a directory should be');
    const path = join(blocker, 'history.jsonl');
    const logger = new MemoryLogger();
    const store = await HistoryStore.open(path, { logger });
    const statuses: (string | null)[] = [];
    store.onWriteStatus((err) => statuses.push(err === null ? null : err.message));
    assert.ok(store.writeError !== null, 'opening for write already failed');

    for (let i = 0; i < 3; i++) assert.equal(store.append(note(i)), true);
    await store.flush();
    assert.ok(store.writeError !== null);
    assert.deepEqual(ids(store), ['id-2', 'id-1', 'id-0']);
    assert.equal(logger.lines.filter((l) => l.level === 'error').length, 1, 'logged once, not per append');
    assert.ok(logger.lines[0]?.message.includes(path));

    rmSync(blocker);
    mkdirSync(blocker);
    store.append(note(3));
    await store.flush();
    assert.equal(store.writeError, null);
    assert.deepEqual(statuses, [null]);
    await store.close();
    assert.deepEqual(
      fileLines(path).map((l) => (JSON.parse(l) as { id: string }).id),
      ['id-0', 'id-1', 'id-2', 'id-3'],
    );
  });

  it('reports a full disk (ENOSPC) on write (Linux /dev/full)', async () => {
    const path = freshPath();
    symlinkSync('/dev/full', path);
    const store = await HistoryStore.open(path);
    const statuses: (Error | null)[] = [];
    store.onWriteStatus((err) => statuses.push(err));
    store.append(note(1));
    await store.flush();
    const failure: NodeJS.ErrnoException | null = store.writeError;
    assert.equal(failure?.code, 'ENOSPC');
    assert.equal(statuses.length, 1);
    store.append(note(2));
    store.flushSync();
    assert.equal(statuses.length, 1);
    assert.deepEqual(ids(store), ['id-2', 'id-1']);
    await store.close();
  });
});

describe('history store: the compact in-memory form gives back exactly what was stored', () => {
  it('texts, names, type and any receivedAt survive memory, the file and a reopen unchanged', async () => {
    const path = freshPath();
    const odd: TrayNotification[] = [
      note(1, { title: '', body: 'only a body', url: '' }),
      note(2, {
        title: '標題 ✓', body: 'multi\nline\u0000with a NUL', url: 'https://app.acme.test/x?y=1', type: 'App\\Notifications\\InvoicePaid',
      }),
      note(3, { receivedAt: '2026-12-02T02:00:00+01:00' }),
      note(4, { receivedAt: 'not a date' }),
    ];
    const store = await HistoryStore.open(path);
    for (const n of odd) store.append(n);
    for (const n of odd) assert.deepEqual(store.get(n.id), { ...n, read: false });
    await store.close();
    const reopened = await HistoryStore.open(path);
    await reopened.ready;
    for (const n of odd) assert.deepEqual(reopened.get(n.id), { ...n, read: false });
    assert.equal(reopened.list({ search: 'nul' }).total, 1);
    await reopened.close();
  });
});

describe('history record lines', () => {
  it('a note line is byte for byte what JSON.stringify makes of the record', () => {
    const cases: [TrayNotification, boolean][] = [
      [note(1), false],
      [note(2, { title: 'quote " backslash \\ tab \t 標題 \u2028 \ud800 lone', type: 'App\\Notifications\\X' }), true],
      [note(3, { body: '', url: '', urgency: 'critical' }), false],
    ];
    for (const [n, read] of cases) {
      const record: Record<string, unknown> = { k: 'note', id: n.id, channel: n.channel, event: n.event, title: n.title, body: n.body };
      Object.assign(record, { url: n.url, receivedAt: n.receivedAt, urgency: n.urgency });
      if (n.type !== undefined) record.type = n.type;
      if (read) record.read = true;
      assert.equal(formatNote(n, read), `${JSON.stringify(record)}\n`);
    }
  });
});
