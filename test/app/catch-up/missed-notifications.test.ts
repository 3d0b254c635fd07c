// Catch-up of Laravel notifications stored while the notifier was cut off, against a real
// redis-server (and laravel-echo-server) and the fake Laravel's notifications table.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { watchMissedNotifications } from '../../../app/catch-up/missed-notifications.js';
import type { ConnectionGap } from '../../../app/catch-up/outage-watch.js';
import type { Delivery } from '../../../app/core/echo-core.js';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import { startCli, stopAtEnd } from '../../support/cli.js';
import { once } from '../../support/events.js';
import { notificationPayload, type LaravelPublisher } from '../../support/laravel-broadcast.js';
import { ALICE, runCore, stackForSuite, type Stack } from '../../support/stack.js';

const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const TYPE = 'App\\Notifications\\TaskAssigned';

/** `$user->notify()` via database + broadcast: the row, and its broadcast (published only when `live`). */
async function notify(
  stack: Stack,
  publisher: LaravelPublisher | undefined,
  fields: Record<string, unknown>,
  read = false,
): Promise<string> {
  const row = stack.laravel.storeNotification(ALICE.id, TYPE, fields, { read });
  if (publisher) await publisher.publish(notificationPayload(ALICE.id, TYPE, fields, { id: row.id }));
  return row.id;
}

describe('missed notifications after an outage (real relay and Redis)', () => {
  const s = stackForSuite();

  it('socket.io: stored while the relay was down: shown once, oldest first, read ones recorded not raised, three pages', async (t) => {
    const { stack, publisher } = s();
    const echo = stack.echo;
    assert.ok(echo);
    const laravel = { url: stack.laravel.url, notifications: '/api/notifications' };
    const run = await runCore(stack, 'socket.io', { overrides: { laravel } });
    const batches: (readonly Delivery[])[] = [];
    const gaps: ConnectionGap[] = [];
    const missed = watchMissedNotifications({
      core: run.core,
      client: new LaravelClient(run.profile.laravel),
      logger: run.logger,
      path: run.profile.laravel.notifications,
      startSince: undefined,
      onMissed: (d) => batches.push(d),
      onGap: (g) => gaps.push(g),
      minGapMs: 0,
    });
    stack.laravel.notificationsPerPage = 2;
    t.after(async () => {
      missed.stop();
      stack.laravel.notificationsPerPage = 15;
      await run.stop();
    });
    await run.settled();
    const liveId = await notify(stack, publisher, { title: 'Seen live', message: 'before the outage' });
    await run.notifications.waitFor((d) => d.notification.id === liveId);

    await echo.kill9();
    await once(run.core, 'connection', { timeoutMs: 10_000, filter: (s: { state: string }) => s.state !== 'connected' });
    const ids = [
      await notify(stack, publisher, { title: 'Task 1', message: 'Write the report', url: '/tasks/1' }),
      await notify(stack, publisher, { title: 'Task 2', message: 'Already read in the browser' }, true),
      await notify(stack, publisher, { title: 'Task 3', message: 'Call the client', url: '/tasks/3' }),
      await notify(stack, publisher, { title: 'Task 4', message: 'Book the room', url: '/tasks/4' }),
      await notify(stack, publisher, { title: 'Task 5', message: 'Send the invoice', url: '/tasks/5' }),
    ];
    const mark = stack.laravel.requests.length;
    await echo.restart();
    await run.settled(undefined, 'subscribed', 15_000);
    await run.notifications.waitFor((d) => d.notification.title === 'Task 5', 10_000);
    const result = await missed.lastRun;
    assert.deepEqual(result, { missed: 5, pages: 3, stop: 'known' }, 'paged back to the notification seen live');

    const got = run.notifications.items.map(([d]) => d).filter((d) => d.missed === true);
    assert.deepEqual(got.map((d) => d.notification.id), ids, 'each once, oldest first');
    assert.deepEqual(got.map((d) => [d.notification.title, d.notification.body, d.notification.url, d.notification.channel]), [
      ['Task 1', 'Write the report', `${stack.laravel.url}/tasks/1`, NOTIFY],
      ['Task 2', 'Already read in the browser', '', NOTIFY],
      ['Task 3', 'Call the client', `${stack.laravel.url}/tasks/3`, NOTIFY],
      ['Task 4', 'Book the room', `${stack.laravel.url}/tasks/4`, NOTIFY],
      ['Task 5', 'Send the invoice', `${stack.laravel.url}/tasks/5`, NOTIFY],
    ]);
    assert.deepEqual(got.map((d) => d.alreadyRead), [false, true, false, false, false]);
    assert.equal(got[0]?.notification.type, TYPE);
    assert.equal(batches.length, 1, 'one batch for one catch-up');
    assert.equal(gaps.length, 1);
    assert.ok((gaps[0]?.to.getTime() ?? 0) >= (gaps[0]?.from.getTime() ?? Infinity));
    const asked = stack.laravel.requests.slice(mark).filter((r) => r.path === '/api/notifications');
    assert.deepEqual(asked.map((r) => r.query['page'] ?? '1'), ['1', '2', '3']);
    assert.ok(asked.every((r) => r.headers.authorization === `Bearer ${run.core.token}`));

    // The same notification's broadcast arriving late (fetched, then live) is not shown again.
    const duplicates = run.core.stats.duplicates;
    await publisher.publish(notificationPayload(ALICE.id, TYPE, { title: 'Task 5' }, { id: ids[4] }));
    const after = await notify(stack, publisher, { title: 'After', message: 'live again' });
    await run.notifications.waitFor((d) => d.notification.id === after);
    assert.equal(run.core.stats.duplicates, duplicates + 1);
    assert.equal(run.notifications.items.filter(([d]) => d.notification.id === ids[4]).length, 1);
  });

  it('Redis mode: a 404 notifications endpoint is logged once and changes nothing else', async (t) => {
    const { stack, publisher } = s();
    const run = await runCore(stack, 'redis', { overrides: { laravel: { url: stack.laravel.url, notifications: '/api/notifications' } } });
    const missed = watchMissedNotifications({
      core: run.core,
      client: new LaravelClient(run.profile.laravel),
      logger: run.logger,
      path: run.profile.laravel.notifications,
      startSince: new Date(0),
      onMissed: () => assert.fail('nothing can be caught up'),
    });
    stack.laravel.notificationsRoute = 'missing';
    t.after(async () => {
      missed.stop();
      stack.laravel.notificationsRoute = 'paginator';
      await run.stop();
    });
    await run.settled();
    await missed.lastRun;
    for (let i = 0; i < 2; i++) {
      run.core.reconnectNow('test outage');
      await once(run.core, 'connection', { timeoutMs: 10_000, filter: (s: { state: string }) => s.state === 'connected' });
      // The catch-up waits for the notification channel to be subscribed again.
      await run.settled();
      await missed.lastRun;
    }
    const asked = stack.laravel.requests.filter((r) => r.path === '/api/notifications' && r.status === 404);
    assert.ok(asked.length >= 3, `asked at start and after each reconnection (${asked.length})`);
    const warned = run.logger.lines.filter((l) => l.level === 'warn' && l.message.startsWith('notifications:'));
    assert.equal(warned.length, 1, warned.map((l) => l.message).join('\n'));
    assert.match(warned[0]?.message ?? '', /failed \(HTTP 404\)/);
    await run.settled();
    const id = await notify(stack, publisher, { title: 'Live still works' });
    await run.notifications.waitFor((d) => d.notification.id === id);
  });

  it('CLI: those stored while it was not running are printed at start, once; read ones only go to the history', async (t) => {
    const { stack, publisher } = s();
    const dir = await mkdtemp(join(stack.dir, 'catch-up-')); // removed with the stack
    const history = join(dir, 'history.jsonl');
    const config = await stack.writeProfile('socket.io', { laravel: { url: stack.laravel.url, notifications: '/api/notifications' } });
    const env = { ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id) };
    const first = startCli(['listen', '--config', config, '--json', '--history', history], env);
    stopAtEnd(t, first);
    await first.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${NOTIFY.replaceAll('.', '\\.')}$`), 10_000);
    const seen = await notify(stack, publisher, { title: 'Seen by the first run' });
    await first.stdout.nextLine((l) => l.includes(seen), 5_000);
    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0);

    const unread = await notify(stack, undefined, { title: 'While closed', message: 'Approve the leave request', url: '/leave/7' });
    const read = await notify(stack, undefined, { title: 'Read in the browser' }, true);
    const second = startCli(['listen', '--config', config, '--json', '--history', history], env);
    stopAtEnd(t, second);
    const line = await second.stdout.nextLine((l) => l.includes(unread), 10_000);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['id', 'channel', 'event', 'title', 'body', 'url', 'receivedAt', 'missed']);
    assert.equal(parsed.missed, true);
    assert.deepEqual(
      [parsed.channel, parsed.title, parsed.body, parsed.url],
      [NOTIFY, 'While closed', 'Approve the leave request', `${stack.laravel.url}/leave/7`],
    );
    // The catch-up may come before the relay has joined the channel: the late broadcast below needs the channel.
    await second.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${NOTIFY.replaceAll('.', '\\.')}$`), 10_000);
    const offline = /^echo-tray: 1 notification while offline$/;
    if (!second.stderr.lines.some((l) => offline.test(l))) await second.stderr.nextLine(offline, 5_000);
    // Its broadcast, late: shown once all the same.
    await publisher.publish(notificationPayload(ALICE.id, TYPE, { title: 'While closed' }, { id: unread }));
    const marker = await notify(stack, publisher, { title: 'Marker' });
    await second.stdout.nextLine((l) => l.includes(marker), 5_000);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
    assert.equal(second.stdout.lines.filter((l) => l.includes(unread)).length, 1);
    assert.equal(second.stdout.lines.filter((l) => l.includes(read)).length, 0, 'read in Laravel: not raised');
    const stored = (await readFile(history, 'utf8')).split('\n').filter((l) => l.includes(read));
    assert.equal(stored.length, 1);
    assert.equal((JSON.parse(stored[0] ?? '{}') as { read?: boolean }).read, true, 'recorded as read');
  });
});
