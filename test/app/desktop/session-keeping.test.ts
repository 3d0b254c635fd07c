// The desktop controller with laravel.refresh, laravel.notifications and laravel.markRead set,
// over a real Redis and the fake Laravel.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PushMap } from '../../../app/bridge/contract.js';
import { AppController } from '../../../app/desktop/app-controller.js';
import type { Clock } from '../../../app/util/clock.js';
import type { StoredCredentials } from '../../../app/desktop/ports.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore, MemoryTokenVault } from '../../../app/preview/preview-ports.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { once } from '../../support/events.js';
import { notificationPayload } from '../../support/laravel-broadcast.js';
import { ALICE, stackForSuite } from '../../support/stack.js';
import { FakeClock } from './fake-clock.js';

/** A vault that says when it was written. */
class WatchedVault extends MemoryTokenVault {
  readonly events = new EventEmitter();
  override async save(token: StoredCredentials): Promise<void> {
    await super.save(token);
    this.events.emit('saved', token);
  }
}

/** A computer asleep: time moves, timers do not fire. */
class SleepingClock implements Clock {
  t = Date.now();
  now(): Date {
    return new Date(this.t);
  }
  schedule(): () => void {
    return () => undefined;
  }
}

describe('desktop: staying logged in and telling Laravel what was read', () => {
  const suite = stackForSuite({ echo: false });
  let n = 0;

  async function controller(clock: Clock, vault: MemoryTokenVault) {
    const { stack } = suite();
    const laravel = {
      url: stack.laravel.url,
      refresh: '/api/refresh',
      notifications: '/api/notifications',
      markRead: '/api/notifications/{id}/read',
    };
    const { profile } = parseProfile(stack.profileJson('redis', { laravel }));
    const history = await HistoryStore.open(join(stack.dir, `keeping-${++n}.jsonl`));
    const c = new AppController({
      profile,
      locked: false,
      vault,
      preferences: new MemoryPreferencesStore(),
      history,
      logger: new MemoryLogger(),
      opener: { open: async () => undefined },
      clock,
      random: () => 0,
    });
    const subscribed = once<PushMap['push:channels']>(c, 'push:channels', {
      timeoutMs: 10_000,
      filter: (list) => list.length >= 3 && list.every((ch) => ch.state === 'subscribed'),
    });
    const login = await c.handle('session:login', [ALICE.email, ALICE.password]);
    assert.ok(login.ok);
    await subscribed;
    return { c, history };
  }

  it('the refresh timer stores the new token and keeps the connection; opening a notification marks it read in Laravel', async (t) => {
    const { stack, publisher } = suite();
    const clock = new FakeClock(new Date());
    const vault = new WatchedVault();
    const { c, history } = await controller(clock, vault);
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    const first = (await vault.load())?.token;
    const saved = once<[StoredCredentials]>(vault.events, 'saved', { timeoutMs: 5_000 });
    clock.advance(2_700_000); // 75 % of jwt-auth's 60 minutes (no jitter drawn)
    const [stored] = await saved;
    assert.notEqual(stored.token, first);
    assert.equal(stored.email, ALICE.email);
    assert.equal(stack.laravel.userForToken(first ?? '')?.id, undefined, 'the old token is blacklisted');
    assert.equal(c.state().connection.state, 'connected');
    assert.equal(c.state().session.state, 'logged-in');

    const row = stack.laravel.storeNotification(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'Open me' });
    const delivered = once(c, 'delivery', { timeoutMs: 5_000 });
    await publisher.publish(notificationPayload(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'Open me' }, { id: row.id }));
    await delivered;
    const told = stack.laravel.waitForRequest((r) => r.path === `/api/notifications/${row.id}/read`);
    await c.handle('history:open', [row.id]);
    const request = await told;
    assert.equal(request.status, 204);
    assert.equal(request.headers.authorization, `Bearer ${stored.token}`, 'with the refreshed token');
    assert.notEqual(row.read_at, null);
    assert.equal(history.get(row.id)?.read, true);

    // "Mark N as read" (what the filter shows) tells Laravel too, as opening one does.
    const other = stack.laravel.storeNotification(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'Mark me' });
    const arrived = once(c, 'delivery', { timeoutMs: 5_000 });
    await publisher.publish(notificationPayload(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'Mark me' }, { id: other.id }));
    await arrived;
    const toldToo = stack.laravel.waitForRequest((r) => r.path === `/api/notifications/${other.id}/read`);
    const marked = await c.handle('history:mark-matching', [{ unreadOnly: true }]);
    assert.ok(marked.ids.includes(other.id));
    assert.equal((await toldToo).status, 204);
    assert.notEqual(other.read_at, null);

    // The mark-all-read channel tells Laravel as well.
    const last = stack.laravel.storeNotification(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'All of them' });
    const came = once(c, 'delivery', { timeoutMs: 5_000 });
    await publisher.publish(notificationPayload(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'All of them' }, { id: last.id }));
    await came;
    const toldAll = stack.laravel.waitForRequest((r) => r.path === `/api/notifications/${last.id}/read`);
    assert.equal(await c.handle('history:mark-all-read', []), 1);
    assert.equal((await toldAll).status, 204);
    assert.notEqual(last.read_at, null);
  });

  it('after sleep the overdue refresh comes before the channels are authorized again', async (t) => {
    const { stack } = suite();
    const clock = new SleepingClock();
    const vault = new WatchedVault();
    const { c, history } = await controller(clock, vault);
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    clock.t += 50 * 60_000;
    const mark = stack.laravel.requests.length;
    const reauthorized = stack.laravel.waitForRequest((r) => r.path === '/broadcasting/auth', { since: mark, timeoutMs: 10_000 });
    c.reconnectNow('the computer woke from sleep');
    await reauthorized;
    const after = stack.laravel.requests.slice(mark);
    const refresh = after.findIndex((r) => r.path === '/api/refresh');
    const auth = after.findIndex((r) => r.path === '/broadcasting/auth');
    assert.ok(refresh >= 0 && refresh < auth, after.map((r) => r.path).join(', '));
    const token = (await vault.load())?.token;
    assert.equal(after[auth]?.headers.authorization, `Bearer ${token}`);
  });
});
