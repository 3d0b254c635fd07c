import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { once } from '../../support/events.js';
import { notificationPayload } from '../../support/laravel-broadcast.js';
import { waitForSubscriber } from '../../support/redis-server.js';
import { ALICE, BOB, runCore, stackForSuite, type Mode } from '../../support/stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const modes: Mode[] = ['socket.io', 'redis'];

for (const mode of modes) {
  describe(`core over ${mode} (real redis-server${mode === 'socket.io' ? ' + laravel-echo-server' : ''})`, () => {
    const s = stackForSuite({ echo: mode === 'socket.io' });

    it('delivers public, private and Laravel notification events; refuses another user\'s channel visibly', async (t) => {
      const { stack, publisher } = s();
      const other = `private-todoevent.updated.${BOB.id}`;
      const run = await runCore(
        stack,
        mode,
        { overrides: { channels: ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}', 'poster_room', other] } },
      );
      t.after(async () => {
        await run.stop();
      });
      await run.settled([MINE, NOTIFY, 'poster_room']);
      await run.settled([other], 'denied');
      const denied = run.core.channels().find((c) => c.channel === other);
      assert.equal(denied?.httpStatus, 403);

      await publisher.publish({
        channels: ['poster_room'],
        event: 'backend_poster',
        data: { msg: 'Poster saved', url: `${stack.laravel.url}/posters/1/edit` },
      });
      await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { todo: { id: 5, title: 'Buy milk' } } });
      await publisher.publish({ channels: [other], event: 'App\\Events\\TodoEventUpdated', data: { todo: { id: 6, title: 'Bob only' } } });
      const invoice = notificationPayload(ALICE.id, 'App\\Notifications\\InvoicePaid', { message: 'Invoice #12 paid' });
      await publisher.publish(invoice);
      await publisher.publish(invoice);
      await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'last' } });
      await run.notifications.waitFor((d) => d.notification.body === 'last', 5000);

      const got = run.notifications.items.map(([d]) => d.notification);
      assert.deepEqual(got.map((n) => [n.channel, n.title, n.body]), [
        ['poster_room', 'Backend poster', 'Poster saved'],
        [MINE, 'Todo event updated: Buy milk', ''],
        [NOTIFY, 'Invoice paid', 'Invoice #12 paid'],
        ['poster_room', 'Backend poster', 'last'],
      ], 'Bob\'s event never reaches Alice; the same notification id is shown once');
      assert.equal(got[2]?.id, invoice.data.id);
      assert.equal(got[0]?.url, `${stack.laravel.url}/posters/1/edit`);
      assert.equal(run.core.stats.duplicates, 1);
    });

    it('keeps the member list of a presence channel', async (t) => {
      const { stack } = s();
      const room = 'presence-chat.lobby';
      const alice = await runCore(stack, mode, { overrides: { channels: [room] } });
      t.after(async () => {
        await alice.stop();
      });
      await alice.settled();
      assert.deepEqual(alice.core.presence(room).map((m) => m.id), [String(ALICE.id)]);
      if (mode === 'socket.io') {
        const joined = once(
          alice.core,
          'presence',
          { timeoutMs: 10_000, filter: (_c, members) => Array.isArray(members) && members.length === 2 },
        );
        const bob = await runCore(stack, mode, { overrides: { channels: [room] }, user: BOB });
        await joined;
        assert.deepEqual(alice.core.presence(room).map((m) => m.id).sort(), [String(ALICE.id), String(BOB.id)].sort());
        const left = once(
          alice.core,
          'presence',
          { timeoutMs: 10_000, filter: (_c, members) => Array.isArray(members) && members.length === 1 },
        );
        await bob.stop();
        await left;
        assert.equal(alice.notifications.items.length, 0, 'joins and leaves are not notifications');
      }
    });

    it('an expired token shows "session expired" (401) and tells the app once', async (t) => {
      const { stack } = s();
      const token = stack.laravel.issueToken(ALICE.id, { expiresInSeconds: 3600 });
      const run = await runCore(stack, mode, { token });
      t.after(async () => {
        await run.stop();
      });
      await run.settled();
      const expired = once(run.core, 'session-expired', { timeoutMs: 10_000 });
      stack.laravel.expireAllTokens();
      run.core.reconnectNow('test: token expired meanwhile');
      const [status] = await expired;
      assert.equal((status as { httpStatus?: number }).httpStatus, 401);
      await run.settled([MINE, NOTIFY], 'expired');
      assert.equal(
        run.core.channels().find((c) => c.channel === 'poster_room')?.state === 'expired',
        false,
        'a public channel needs no token',
      );
    });

    it('survives Redis killed and restarted mid-stream: resubscribes, no duplicates', async (t) => {
      const { stack, publisher } = s();
      const run = await runCore(stack, mode);
      t.after(async () => {
        await run.stop();
      });
      await run.settled();
      const send = async (seq: number): Promise<void> => {
        await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: `#${seq}`, seq } });
      };
      for (let i = 0; i < 5; i++) await send(i);
      await run.notifications.waitForCount(5, 5000);
      await stack.redis.kill9();
      await stack.redis.restart();
      if (mode === 'redis') await run.settled();
      else await waitForSubscriber(stack.redis.url, { pattern: true, timeoutMs: 15_000 });
      for (let i = 5; i < 10; i++) await send(i);
      await run.notifications.waitFor((d) => d.notification.body === '#9', 15_000);
      assert.deepEqual(run.notifications.items.map(([d]) => d.notification.body), Array.from({ length: 10 }, (_, i) => `#${i}`));
    });

    if (mode === 'socket.io') {
      it('survives laravel-echo-server killed and restarted mid-stream: every channel re-authorized, no duplicates', async (t) => {
        const { stack, publisher } = s();
        const run = await runCore(stack, mode);
        t.after(async () => {
          await run.stop();
        });
        await run.settled();
        const echo = stack.echo;
        assert.ok(echo);
        await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'before' } });
        await run.notifications.waitForCount(1, 5000);
        const authBefore = stack.laravel.authRequests(MINE).length;
        const lost = once(run.core, 'connection', { timeoutMs: 10_000, filter: (s) => (s as { state: string }).state === 'reconnecting' });
        await echo.kill9();
        await lost;
        // The client may reconnect while restart() is still checking the server is ready: listen first.
        const back = once(run.core, 'connection', { timeoutMs: 20_000, filter: (s) => (s as { state: string }).state === 'connected' });
        await echo.restart();
        await back;
        await run.settled();
        assert.ok(stack.laravel.authRequests(MINE).length > authBefore, 'the private channel was authorized again with the current token');
        await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'after' } });
        await run.notifications.waitFor((d) => d.notification.body === 'after', 10_000);
        assert.deepEqual(run.notifications.items.map(([d]) => d.notification.body), ['before', 'after']);
      });
    }

    it('counts and logs malformed events with their channel, and keeps the stream going', async (t) => {
      const { stack, publisher } = s();
      const run = await runCore(stack, mode);
      const raw = new Redis(stack.redis.url);
      t.after(async () => {
        raw.disconnect();
        await run.stop();
      });
      await run.settled();
      const bad = [
        JSON.stringify({ event: 'backend_poster', data: 'not an object', socket: null }),
        JSON.stringify({ event: 42, data: {}, socket: null }),
        JSON.stringify({ event: 'backend_poster', data: [1, 2, 3], socket: null }),
      ];
      if (mode === 'redis') {
        bad.push(
          '{"event": "backend_poster", "data": {',
          '"just a string"',
          JSON.stringify({ data: { msg: 'no event' } }),
          JSON.stringify({ event: 'big', data: { blob: 'x'.repeat(1_100_000) } }),
        );
      }
      for (const payload of bad) await raw.publish('laravel_database_poster_room', payload);
      await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'still alive' } });
      await run.notifications.waitFor((d) => d.notification.body === 'still alive', 5000);
      assert.equal(run.notifications.items.length, 1);
      assert.equal(run.core.stats.malformed, bad.length);
      const logged = run.logger.lines.filter((l) => l.message === 'malformed event dropped');
      assert.equal(logged.length, bad.length);
      assert.ok(logged.every((l) => l.fields.channel === 'poster_room'), 'each is logged with its channel');
    });
  });
}
