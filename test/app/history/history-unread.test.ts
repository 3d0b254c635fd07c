import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrayNotification } from '../../../app/pipeline/notification.js';
import { formatNote, formatRead, formatReadAll, formatUnread } from '../../../app/history/history-record.js';
import { COMPACT_AT_CAP_TIMES, HistoryStore, type HistoryChange } from '../../../app/history/history-store.js';
import { historyNote } from '../../support/history-note.js';

const root = mkdtempSync(join(tmpdir(), 'echo-tray-unread-'));
after(() => rmSync(root, { recursive: true, force: true }));

let dirCount = 0;
function freshPath(): string {
  const dir = join(root, `case-${++dirCount}`);
  mkdirSync(dir);
  return join(dir, 'history.jsonl');
}

function note(i: number, over: Partial<TrayNotification> = {}): TrayNotification {
  return historyNote(i, i === 3 ? { body: 'needle here', ...over } : over);
}

const readOf = (store: HistoryStore): [string, boolean][] => store.list({ limit: 1000 }).items.map((e) => [e.id, e.read]);

describe('HistoryStore: unread marks and marking what a filter shows', () => {
  it('marks entries unread again, counts them, tells listeners and keeps it across a reopen', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    for (let i = 0; i < 4; i++) store.append(note(i));
    const changes: HistoryChange[] = [];
    store.onChange((c) => changes.push(c));
    assert.equal(store.markAllRead(), 4);
    assert.equal(store.markUnread(['id-1', 'id-2', 'id-2', 'unknown']), 2);
    assert.equal(store.markUnread(['id-1']), 0, 'already unread');
    assert.equal(store.unreadCount(), 2);
    assert.deepEqual(store.channels().map((c) => [c.channel, c.unread]), [['chat', 1], ['todos', 1]]);
    assert.deepEqual(changes.at(-1), { kind: 'unread', ids: ['id-1', 'id-2'] });
    await store.close();

    const again = await HistoryStore.open(path);
    assert.deepEqual(readOf(again), [['id-3', true], ['id-2', false], ['id-1', false], ['id-0', true]]);
    assert.equal(again.unreadCount(), 2);
    await again.close();
  });

  it('applies read, unread and read-all records in file order, whichever came last wins', async () => {
    const path = freshPath();
    writeFileSync(
      path,
      [note(0), note(1), note(2), note(3)].map((n) => formatNote(n, false)).join('') +
        formatRead(['id-0', 'id-1']) +
        formatUnread(['id-1', 'id-3']) +
        formatNote(note(4), true) +
        formatUnread(['id-0']) +
        formatReadAll() +
        formatUnread(['id-2']) +
        formatNote(note(5), false),
    );
    const store = await HistoryStore.open(path);
    assert.deepEqual(readOf(store), [['id-5', false], ['id-4', true], ['id-3', true], ['id-2', false], ['id-1', true], ['id-0', true]]);
    assert.equal(store.unreadCount(), 2);
    await store.close();
  });

  it('keeps an unread mark through compaction', async () => {
    const path = freshPath();
    const cap = 4;
    const store = await HistoryStore.open(path, { cap });
    for (let i = 0; i < 4; i++) store.append(note(i));
    store.markAllRead();
    store.markUnread(['id-3']);
    // Marks are lines too: enough of them to make the file due for compaction.
    for (let i = 0; i < (cap * COMPACT_AT_CAP_TIMES) / 2; i++) {
      store.markUnread(['id-2']);
      store.markRead(['id-2']);
    }
    for (let i = 4; i < 6; i++) store.append(note(i));
    await store.close();
    const records = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { k: string; id?: string; ids?: string[] });
    assert.ok(!records.some((r) => r.k === 'readAll'), 'compacted: the read-all record is gone');
    const aboutId3 = records.filter((r) => r.id === 'id-3' || r.ids?.includes('id-3') === true);
    assert.deepEqual(aboutId3.map((r) => r.k), ['note'], 'id-3 is one note that carries its own (unread) state');
    const again = await HistoryStore.open(path, { cap });
    assert.deepEqual(readOf(again), [['id-5', false], ['id-4', false], ['id-3', false], ['id-2', true]]);
    await again.close();
  });

  it('an unread mark made while older entries are still loading applies to them', async () => {
    const path = freshPath();
    writeFileSync(path, Array.from({ length: 5000 }, (_, i) => formatNote(note(i), true)).join(''));
    const store = await HistoryStore.open(path);
    assert.equal(store.loaded, false);
    store.markUnread(['id-0']);
    await store.ready;
    assert.equal(store.get('id-0')?.read, false);
    assert.equal(store.unreadCount(), 1);
    await store.close();
    const again = await HistoryStore.open(path);
    await again.ready;
    assert.equal(again.get('id-0')?.read, false);
    assert.equal(again.unreadCount(), 1);
    await again.close();
  });

  it('lists the unread ids a filter shows (channel, unread only, search), newest first', async () => {
    const store = await HistoryStore.open(freshPath());
    for (let i = 0; i < 6; i++) store.append(note(i));
    store.markRead(['id-5']);
    assert.deepEqual(store.unreadMatching({ channel: 'chat' }), ['id-3', 'id-1']);
    assert.deepEqual(store.unreadMatching({ channel: 'chat', search: 'NEEDLE' }), ['id-3']);
    assert.deepEqual(store.unreadMatching({ unreadOnly: true }), ['id-4', 'id-3', 'id-2', 'id-1', 'id-0']);
    assert.deepEqual(store.unreadMatching({ channel: 'nope' }), []);
    await store.close();
  });

  it('keeps each entry\'s burst key across a reopen; a bad one makes the line damaged', async () => {
    const path = freshPath();
    const store = await HistoryStore.open(path);
    store.append({ ...note(0), burst: 'id-0' });
    store.append({ ...note(2), burst: 'id-0' });
    store.append(note(4));
    await store.close();
    writeFileSync(path, formatNote(note(6), false).replace('"k":"note"', '"k":"note","burst":7'), { flag: 'a' });
    const again = await HistoryStore.open(path);
    assert.deepEqual(again.list().items.map((e) => [e.id, e.burst]), [['id-4', undefined], ['id-2', 'id-0'], ['id-0', 'id-0']]);
    assert.equal(again.damaged, 1);
    await again.close();
  });
});
