// A working week without logging in again: a short-lived JWT refreshed on the injected clock stays
// good across a relay restart that comes after the first token died; a refused refresh ends in one
// clear "log in again".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keepSession } from '../../app/auth/keep-session.js';
import { LaravelClient } from '../../app/auth/laravel-client.js';
import { openSession } from '../../app/auth/session.js';
import { EchoCore, type Delivery } from '../../app/core/echo-core.js';
import { MemoryLogger } from '../../app/log.js';
import { parseProfile } from '../../app/profile/profile.js';
import type { ChannelStatus } from '../../app/transport/transport.js';
import { FakeClock } from '../app/desktop/fake-clock.js';
import { startCli, stopAtEnd } from '../support/cli.js';
import { startEchoServer, type EchoServer } from '../support/echo-server.js';
import { collect, once } from '../support/events.js';
import { FakeLaravel } from '../support/fake-laravel.js';
import { LaravelPublisher } from '../support/laravel-broadcast.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { ALICE, stackForSuite } from '../support/stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const escaped = (channel: string): string => channel.replaceAll('.', '\\.');

describe('session refresh across a relay restart (real redis-server + laravel-echo-server, injected clock)', () => {
  const clock = new FakeClock(new Date());
  let redis: RedisServer;
  let laravel: FakeLaravel;
  let echo: EchoServer;
  let publisher: LaravelPublisher;
  before(async () => {
    redis = await startRedis();
    laravel = new FakeLaravel({ users: [ALICE], tokenTtlSeconds: 30, now: () => clock.now().getTime() });
    await laravel.start();
    echo = await startEchoServer({ redisPort: redis.port, authHost: laravel.url });
    publisher = new LaravelPublisher(redis.url);
  });
  after(async () => {
    await publisher.close();
    await echo.stop();
    await laravel.stop();
    await redis.stop();
  });

  it('a 30 s token, refreshed on time, is still good when the relay restarts at 40 s: no "log in again"', async (t) => {
    const { profile } = parseProfile({
      laravel: { url: laravel.url, refresh: '/api/refresh' },
      connection: { broadcaster: 'socket.io', host: echo.url, reconnectionDelay: 50, reconnectionDelayMax: 400 },
      channels: ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}'],
    });
    const client = new LaravelClient(profile.laravel);
    const session = await openSession(client, { token: laravel.issueToken(ALICE.id) });
    const logger = new MemoryLogger();
    const core = new EchoCore({ profile, session, laravel: client, logger });
    const expired = collect<[ChannelStatus]>(core, 'session-expired');
    const notifications = collect<[Delivery]>(core, 'notification');
    const keeper = keepSession({ core, client, session, clock, logger, random: () => 0.5 });
    const allSubscribed = (): boolean => [MINE, NOTIFY].every((c) => core.channels().find((s) => s.channel === c)?.state === 'subscribed');
    core.start();
    t.after(async () => {
      keeper.stop();
      expired.stop();
      notifications.stop();
      await core.stop();
    });
    await once(core, 'channel', { timeoutMs: 10_000, filter: () => allSubscribed() });

    clock.advance(21_750); // 72.5 % of 30 s with this jitter
    assert.equal(await keeper.refresher?.refreshNow('timer'), 'refreshed');
    assert.notEqual(core.token, session.token, 'the core uses the new token from the next subscription on');
    assert.equal(core.connection.state, 'connected', 'a timer refresh does not drop a live connection');

    clock.advance(40_000 - 21_750);
    assert.equal(laravel.userForToken(session.token), null, 'the first token is dead by now (expired and blacklisted)');
    const mark = laravel.requests.length;
    await echo.kill9();
    await once(core, 'connection', { timeoutMs: 10_000, filter: (s: { state: string }) => s.state !== 'connected' });
    await echo.restart();
    await once(core, 'channel', { timeoutMs: 15_000, filter: () => allSubscribed() });

    const auths = laravel.requests.slice(mark).filter((r) => r.path === '/broadcasting/auth');
    assert.ok(auths.length >= 2, 'both private channels were authorized again');
    assert.ok(auths.every((r) => r.status === 200), auths.map((r) => `${r.status} ${r.responseBody}`).join('\n'));
    assert.equal(expired.items.length, 0, 'never told to log in again');

    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'still here at 40 s' } });
    await notifications.waitFor((d) => d.notification.body === 'still here at 40 s', 5_000);
  });
});

describe('a refused refresh (real stack, CLI)', () => {
  const s = stackForSuite();

  it('ends in one clear "log in again" with a single refresh attempt, whatever the number of reconnects', async (t) => {
    const { stack } = s();
    const config = await stack.writeProfile('socket.io', {
      laravel: { url: stack.laravel.url, refresh: '/api/refresh' },
      connection: {
        broadcaster: 'socket.io',
        host: stack.echo?.url,
        reconnectionDelay: 50,
        reconnectionDelayMax: 400,
        subscribeTimeout: 500,
      },
    });
    const env = { ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id) };
    const cli = startCli(['listen', '--config', config, '--json', '--no-history'], env);
    const echo = stack.echo;
    assert.ok(echo);
    stopAtEnd(t, cli);
    for (const c of [MINE, NOTIFY]) await cli.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${escaped(c)}$`), 10_000);
    stack.laravel.expireAllTokens();
    const mark = stack.laravel.requests.length;
    for (let i = 0; i < 3; i++) {
      await echo.kill9();
      await echo.restart();
      // Both channels, in whichever order the relay answers them.
      const told = new Set<string>();
      const expiredLine = (c: string): RegExp => new RegExp(`^echo-tray: session expired ${escaped(c)} 401`);
      await cli.stderr.nextLine((line) => {
        for (const c of [MINE, NOTIFY]) if (expiredLine(c).test(line)) told.add(c);
        return told.size === 2;
      }, 15_000);
    }
    const refreshes = stack.laravel.requests.slice(mark).filter((r) => r.path === '/api/refresh');
    assert.deepEqual(refreshes.map((r) => r.status), [401], 'one attempt, refused');
    const said = cli.stderr.lines.filter((l) => l.includes('log in again'));
    assert.equal(said.filter((l) => l.startsWith('echo-tray: session expired (Laravel answered 401')).length, 1, said.join('\n'));
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });
});
