import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrayNotification } from '../../../app/pipeline/notification.js';
import { formatNote } from '../../../app/history/history-record.js';
import { EntryCollection, type HistoryEntry } from '../../../app/history/history-entries.js';
import { historyNote } from '../../support/history-note.js';

function note(i: number, over: Partial<TrayNotification> = {}): TrayNotification {
  return historyNote(i, { url: `https://app.example.test/todos/${i}`, ...over });
}

const newestIds = (entries: EntryCollection): string[] => [...entries.newestFirst()].map((ref) => entries.id(ref));
const oldestIds = (entries: EntryCollection): string[] => [...entries.oldestFirst()].map((ref) => entries.id(ref));
const counts = (entries: EntryCollection): [string, number, number][] => entries.channels().map((c) => [c.channel, c.count, c.unread]);

function entryOf(entries: EntryCollection, id: string): HistoryEntry {
  const ref = entries.find(id);
  assert.ok(ref !== undefined, `${id} is held`);
  return entries.entry(ref);
}

describe('EntryCollection: the in-memory history in columns', () => {
  it('keeps appended entries after loaded ones and evicts the loader’s oldest first, then the oldest appended', () => {
    const entries = new EntryCollection(100);
    entries.addOldest(note(5), false);
    entries.addNewest(note(6), false);
    entries.addOldest(note(4), false);
    entries.addNewest(note(7), false);
    assert.deepEqual(newestIds(entries), ['id-7', 'id-6', 'id-5', 'id-4']);
    assert.deepEqual(oldestIds(entries), ['id-4', 'id-5', 'id-6', 'id-7']);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => entries.at(i)).map((ref) => (ref === undefined ? null : entries.id(ref))), [
      'id-7',
      'id-6',
      'id-5',
      'id-4',
      null,
    ]);

    entries.removeOldest();
    entries.removeOldest();
    assert.deepEqual(newestIds(entries), ['id-7', 'id-6']);
    assert.equal(entries.has('id-4'), false);
    assert.equal(entries.find('id-5'), undefined);
    entries.removeOldest();
    assert.deepEqual(newestIds(entries), ['id-7']);
    entries.removeOldest();
    entries.removeOldest();
    assert.equal(entries.size, 0);
    assert.deepEqual(newestIds(entries), []);
    entries.addNewest(note(8), false);
    entries.addOldest(note(3), false);
    assert.deepEqual(newestIds(entries), ['id-8', 'id-3']);
  });

  it('keeps every entry whole while the loader and appends interleave across many growths of the ring', () => {
    const entries = new EntryCollection(10_000);
    const expected: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      if (i % 3 === 0) {
        entries.addNewest(note(5_000 + i), false);
        expected.unshift(`id-${5_000 + i}`);
      } else {
        entries.addOldest(note(5_000 - i), i % 2 === 0);
        expected.push(`id-${5_000 - i}`);
      }
    }
    assert.equal(entries.size, 1_000);
    assert.deepEqual(newestIds(entries), expected);
    assert.ok(entries.capacity >= 1_000 && entries.capacity <= 2_000, `capacity ${entries.capacity}`);
    for (const id of expected) {
      const i = Number(id.slice(3));
      const read = i < 5_000 && (5_000 - i) % 2 === 0;
      assert.deepEqual(entryOf(entries, id), { ...note(i), read });
    }
  });

  it('grows no further than its limit and reuses the slots of evicted entries', () => {
    const entries = new EntryCollection(8);
    for (let i = 0; i < 100; i++) {
      while (entries.size >= 8) entries.removeOldest();
      entries.addNewest(note(i), false);
    }
    assert.equal(entries.capacity, 8);
    assert.deepEqual(oldestIds(entries), ['id-92', 'id-93', 'id-94', 'id-95', 'id-96', 'id-97', 'id-98', 'id-99']);
    assert.equal(entries.has('id-91'), false);
    assert.deepEqual(entryOf(entries, 'id-92'), { ...note(92), read: false });
    assert.deepEqual(counts(entries), [['chat', 4, 4], ['todos', 4, 4]]);
    assert.equal(entries.unreadCount, 8);
  });

  it('still holds more than its limit when asked to (the loader may add one past the cap)', () => {
    const entries = new EntryCollection(4);
    for (let i = 0; i < 4; i++) entries.addNewest(note(i), false);
    entries.addOldest(note(-1), false);
    assert.equal(entries.size, 5);
    assert.deepEqual(newestIds(entries), ['id-3', 'id-2', 'id-1', 'id-0', 'id--1']);
  });

  it('counts entries and unread ones per channel through read, unread, read-all and eviction', () => {
    const entries = new EntryCollection(100);
    for (let i = 0; i < 6; i++) entries.addNewest(note(i), i === 0);
    assert.deepEqual(counts(entries), [['chat', 3, 3], ['todos', 3, 2]]);
    assert.equal(entries.unreadCount, 5);

    const ref1 = entries.find('id-1');
    assert.ok(ref1 !== undefined);
    assert.equal(entries.setRead(ref1), true);
    assert.equal(entries.setRead(ref1), false, 'already read');
    assert.equal(entries.isRead(ref1), true);
    assert.deepEqual(counts(entries), [['chat', 3, 2], ['todos', 3, 2]]);

    const ref0 = entries.find('id-0');
    assert.ok(ref0 !== undefined);
    assert.equal(entries.setUnread(ref0), true);
    assert.equal(entries.setUnread(ref0), false, 'already unread');
    assert.deepEqual(counts(entries), [['chat', 3, 2], ['todos', 3, 3]]);
    assert.equal(entries.unreadCount, 5);

    entries.removeOldest(); // id-0, unread
    entries.removeOldest(); // id-1, read
    assert.deepEqual(counts(entries), [['chat', 2, 2], ['todos', 2, 2]]);
    assert.equal(entries.unreadCount, 4);

    assert.deepEqual(entries.setAllRead(), ['id-2', 'id-3', 'id-4', 'id-5']);
    assert.deepEqual(entries.setAllRead(), []);
    assert.deepEqual(counts(entries), [['chat', 2, 0], ['todos', 2, 0]]);
    assert.equal(entries.unreadCount, 0);

    entries.removeOldest();
    entries.removeOldest();
    entries.removeOldest();
    assert.deepEqual(counts(entries), [['chat', 1, 0]]);
    entries.removeOldest();
    assert.deepEqual(counts(entries), []);
  });

  it('gives back every field as stored, in the stored order, including the rare ones', () => {
    const entries = new EntryCollection(100);
    const stored: TrayNotification[] = [
      note(1, { type: 'App\\Notifications\\InvoicePaid', burst: 'id-1' }),
      note(2, { burst: 'id-1', urgency: 'critical' }),
      note(3, { channel: '', event: 'echo-tray:offline', url: '', urgency: 'low', offlineFrom: '2024-01-01T00:00:00.000Z' }),
      note(4, { receivedAt: '2024-01-01 00:00:04', urgency: 'low' }),
      note(5, { url: '/relative/link?x=1' }),
      note(6, { url: 'mailto:someone@example.test' }),
      note(7, { url: 'HTTP://APP.EXAMPLE.TEST:8080?q#frag' }),
      note(8, { title: '发票已支付', body: '请查看 ✓', url: 'https://例子.测试/发票/8' }),
    ];
    stored.forEach((n, i) => (i % 2 === 0 ? entries.addNewest(n, i === 4) : entries.addOldest(n, false)));
    for (const [i, n] of stored.entries()) {
      const entry = entryOf(entries, n.id);
      assert.deepEqual(entry, { ...n, read: i === 4 });
      assert.equal(JSON.stringify(entry), JSON.stringify({ ...n, read: i === 4 }), `${n.id}: same fields in the same order`);
    }
  });

  it('gives back each link and kind whole when one follows another that shares its start', () => {
    const entries = new EntryCollection(100);
    const links = ['https://app.test/a', 'https://app.test.evil/b', 'https://app.test', 'https://app.test?q=1', 'https://app.test#top',
      'https://app.testing/c', 'HTTPS://app.test/d', 'https://app.test:8080/e', '', 'https://app.test/f'];
    // Each differs from the one before in one part of its (channel, event, type) or in its link.
    const kinds: [string, string, string | undefined][] = [['a', 'e', 'T'], ['a', 'e', undefined], ['a', 'e', 'T2'], ['a', 'e2', 'T2'],
      ['b', 'e2', 'T2'], ['b', 'e2', 'T2'], ['b', 'e2', undefined], ['a', 'e2', undefined], ['a', 'e', undefined], ['a', 'e', undefined]];
    const stored = links.map((url, i) => {
      const [channel, event, type] = kinds[i] ?? ['', '', undefined];
      return note(i, { url, channel, event, ...(type === undefined ? {} : { type }) });
    });
    for (const n of stored) entries.addNewest(n, false);
    for (const n of stored) assert.deepEqual(entryOf(entries, n.id), { ...n, read: false });
  });

  it('keeps kinds and link origins per entry once their tables are full', () => {
    // Each entry its own channel and link origin: more than the tables (65,534 each) hold.
    const distinct = (i: number): TrayNotification => note(i, { channel: `channel-${i}`, url: `https://host-${i}.test/${i}` });
    const entries = new EntryCollection(70_000);
    for (let i = 0; i < 70_000; i++) entries.addNewest(distinct(i), true);
    for (const i of [0, 65_533, 65_534, 65_535, 69_999]) assert.deepEqual(entryOf(entries, `id-${i}`), { ...distinct(i), read: true });
    assert.equal(entries.channels().length, 70_000);
  });

  it('writes an entry’s compacted line with its read state as it is now, and searches lower-cased text', () => {
    const entries = new EntryCollection(10);
    const n = note(1, { title: 'Invoice PAID' });
    const ref = entries.addNewest(n, false);
    assert.equal(entries.line(ref, formatNote), formatNote(n, false));
    assert.equal(entries.haystack(ref), 'invoice paid\nbody 1\nchat\napp\\events\\thing');
    entries.setRead(ref);
    assert.equal(entries.line(ref, formatNote), formatNote(n, true));
    entries.setUnread(ref);
    assert.equal(entries.line(ref, formatNote), formatNote(n, false));
  });

  it('forgets everything on clear and starts again', () => {
    const entries = new EntryCollection(10);
    for (let i = 0; i < 5; i++) entries.addNewest(note(i), false);
    entries.addOldest(note(-1, { offlineFrom: '2024-01-01T00:00:00.000Z' }), false);
    entries.clear();
    assert.equal(entries.size, 0);
    assert.equal(entries.unreadCount, 0);
    assert.deepEqual(entries.channels(), []);
    assert.equal(entries.has('id-1'), false);
    entries.addOldest(note(-1), false);
    assert.deepEqual(entryOf(entries, 'id--1'), { ...note(-1), read: false });
  });
});
