// The history service on its own: what it pushes to the window, and what it tells Laravel was read.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PushMap } from '../../../app/bridge/contract.js';
import { HistoryService } from '../../../app/desktop/services/history-service.js';
import { HistoryStore, type HistoryEntry } from '../../../app/history/history-store.js';
import type { TrayNotification } from '../../../app/pipeline/notification.js';

/** The batched push runs in a setImmediate queued before this one. */
const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const note = (id: string): TrayNotification => ({
  id,
  channel: 'poster_room',
  event: 'backend_poster',
  title: id,
  body: `body of ${id}`,
  url: '',
  receivedAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
  urgency: 'normal',
});

describe('history service', () => {
  let dir: string;
  let n = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-history-service-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function harness() {
    const store = await HistoryStore.open(join(dir, `h${++n}.jsonl`));
    // Loaded to the end: no "reloaded" push from the background load comes in between.
    await store.ready;
    const pushes: PushMap['push:history'][0][] = [];
    const toldLaravel: string[][] = [];
    const service = new HistoryService(
      store,
      (event, ...args) => {
        if (event === 'push:history') pushes.push(args[0] as PushMap['push:history'][0]);
      },
      (entries: readonly HistoryEntry[]) => toldLaravel.push(entries.map((e) => e.id)),
    );
    return { store, service, pushes, toldLaravel };
  }

  it('new entries reach the window in one push per tick, each batch only its own', async () => {
    const { store, pushes } = await harness();
    store.append(note('a'));
    store.append(note('b'));
    await nextTick();
    store.append(note('c'));
    await nextTick();
    assert.deepEqual(
      pushes.map((p) => (p.kind === 'added' ? [p.kind, p.entries.map((e) => e.id), p.unread] : [p.kind])),
      [
        ['added', ['a', 'b'], 2],
        ['added', ['c'], 3],
      ],
    );
  });

  it('a burst of more than 500 entries is one "reload" instead of the entries; 500 still come as entries', async () => {
    for (const [count, kind] of [[500, 'added'], [501, 'reloaded']] as const) {
      const { store, pushes } = await harness();
      for (let i = 0; i < count; i++) store.append(note(`n${i}`));
      await nextTick();
      assert.equal(pushes.length, 1, String(count));
      assert.equal(pushes[0]?.kind, kind, String(count));
      assert.equal(pushes[0]?.unread, count);
      if (pushes[0]?.kind === 'added') assert.equal(pushes[0].entries.length, count);
    }
  });

  it('a cleared history tells the window to reload; read and unread say which entries', async () => {
    const { store, service, pushes } = await harness();
    store.append(note('a'));
    await nextTick();
    pushes.length = 0;
    service.markRead(['a']);
    service.markUnread(['a']);
    store.clear();
    assert.deepEqual(pushes, [
      { kind: 'read', ids: ['a'], unread: 0 },
      { kind: 'unread', ids: ['a'], unread: 1 },
      { kind: 'reloaded', unread: 0 },
    ]);
  });

  it('after stop nothing more is pushed', async () => {
    const { store, service, pushes } = await harness();
    service.stop();
    store.append(note('a'));
    await nextTick();
    assert.deepEqual(pushes, []);
  });

  it('Laravel hears only of entries that were unread here', async () => {
    const { store, service, toldLaravel } = await harness();
    store.append(note('unread'));
    store.append(note('read'), true);
    assert.equal(service.markRead(['unread', 'read', 'unknown']), 1);
    assert.deepEqual(toldLaravel, [['unread']]);
    assert.equal(service.markRead(['unread', 'read']), 0);
    assert.equal(service.markAllRead(), 0);
    assert.deepEqual(toldLaravel, [['unread']], 'nothing was unread: Laravel is not asked');
    store.append(note('new'));
    assert.equal(service.markAllRead(), 1);
    assert.deepEqual(toldLaravel, [['unread'], ['new']]);
  });

  it('the tray menu gets the newest entries, as many as it asks for', async () => {
    const { store, service } = await harness();
    for (const id of ['a', 'b', 'c']) store.append(note(id));
    assert.equal(service.recent(2).length, 2);
    assert.equal(service.recent(3).length, 3);
  });
});
