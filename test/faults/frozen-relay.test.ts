// Fault: the relay (or Redis) stops answering without closing the socket (SIGSTOP). The kernel
// keeps the TCP connection open and even accepts new ones, so only a heartbeat notices: Redis
// mode's PING (connection.pingInterval / pingTimeout), socket.io's own ping (pingInterval +
// pingTimeout, announced by the server). Detected within those bounds, it reconnects once the
// server answers again, and says events may have been lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectionStatus } from '../../app/transport/transport.js';
import { startEchoServer, type EchoServer } from '../support/echo-server.js';
import { once } from '../support/events.js';
import { LaravelPublisher } from '../support/laravel-broadcast.js';
import { ALICE, runCore, startStack, type Stack } from '../support/stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;

function reconnecting(pattern: RegExp) {
  return (s: unknown): boolean => (s as ConnectionStatus).state === 'reconnecting' && pattern.test((s as ConnectionStatus).reason ?? '');
}

describe('fault: a frozen relay (SIGSTOP) is detected by the heartbeat and recovered', () => {
  let stack: Stack;
  let echo: EchoServer;
  let publisher: LaravelPublisher;
  before(async () => {
    stack = await startStack({ echo: false });
    // laravel-echo-server announces its ping timings in the handshake (defaults 25 s + 20 s).
    echo = await startEchoServer({
      redisPort: stack.redis.port,
      authHost: stack.laravel.url,
      socketio: { pingInterval: 500, pingTimeout: 500 },
    });
    publisher = new LaravelPublisher(stack.redis.url);
  });
  after(async () => {
    await publisher.close();
    await echo.stop();
    await stack.stop();
  });

  it('Redis mode: no PONG within connection.pingTimeout → reconnect; resubscribed once Redis answers again', async (t) => {
    const ping = { pingInterval: 300, pingTimeout: 300 };
    const run = await runCore(
      stack,
      'redis',
      { overrides: { connection: {
        broadcaster: 'redis',
        url: stack.redis.url,
        reconnectionDelay: 50,
        reconnectionDelayMax: 400,
        ...ping,
      } } },
    );
    t.after(async () => {
      await run.stop();
    });
    await run.settled();
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'before' } });
    await run.notifications.waitFor((d) => d.notification.body === 'before');

    const bound = 4 * (ping.pingInterval + ping.pingTimeout);
    const detected = once(
      run.core,
      'connection',
      {
        timeoutMs: bound,
        filter: reconnecting(/^Redis stopped answering \(no reply to PING within 0\.3 s\)$/),
        context: () => stack.redis.process.describe(),
      },
    );
    stack.redis.pause();
    try {
      await detected;
    } finally {
      stack.redis.resume();
    }
    await run.settled([MINE, 'poster_room'], 'subscribed', 15_000);
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'after' } });
    await run.notifications.waitFor((d) => d.notification.body === 'after', 5_000);
    assert.ok(
      run.logger.lines.some((l) => l.level === 'warn' && /^redis: Redis stopped answering .*: events may have been lost/.test(l.message)),
      'the user is told events may have been lost',
    );
  });

  it("socket.io mode: laravel-echo-server's ping timeout → reconnect; resubscribed once it answers again", async (t) => {
    const run = await runCore(
      stack,
      'socket.io',
      { overrides: { connection: {
        broadcaster: 'socket.io',
        host: echo.url,
        reconnectionDelay: 50,
        reconnectionDelayMax: 400,
        subscribeTimeout: 500,
      } } },
    );
    t.after(async () => {
      await run.stop();
    });
    await run.settled();
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'before' } });
    await run.notifications.waitFor((d) => d.notification.body === 'before');

    const detected = once(
      run.core,
      'connection',
      { timeoutMs: 4 * (500 + 500), filter: reconnecting(/ping timeout/), context: () => echo.process.describe() },
    );
    const marks = { channels: run.channels.items.length };
    echo.pause();
    let status: ConnectionStatus;
    try {
      [status] = (await detected) as [ConnectionStatus];
    } finally {
      echo.resume();
    }
    assert.equal(status.state, 'reconnecting');
    assert.match(status.reason ?? '', /ping timeout/);
    await run.settled([MINE, 'poster_room'], 'subscribed', 15_000);
    const resubscribed = run.channels.items.slice(marks.channels).filter(([c]) => c.state === 'subscribed').map(([c]) => c.channel);
    assert.deepEqual(resubscribed.sort(), [...run.core.profileChannels()].sort(), 'every channel subscribed again, each once');
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'after' } });
    await run.notifications.waitFor((d) => d.notification.body === 'after', 5_000);
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'marker' } });
    await run.notifications.waitFor((d) => d.notification.body === 'marker', 5_000);
    const bodies = run.notifications.items.map(([d]) => d.notification.body);
    assert.equal(bodies.filter((b) => b === 'after').length, 1, 'delivered once after the reconnect: no doubled subscription');
    assert.equal(bodies.filter((b) => b === 'before').length, 1);
  });
});
