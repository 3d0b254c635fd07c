// Smoke test of the harness itself: real redis-server + real laravel-echo-server 1.6.3 + the fake
// Laravel app, driven by a socket.io-client 2.x client the way laravel-echo drives it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import io from 'socket.io-client-v2';
import { startEchoServer, type EchoServer } from './echo-server.js';
import { collect, once } from './events.js';
import { FakeLaravel } from './fake-laravel.js';
import { LaravelPublisher, notificationPayload, publishAsLaravel } from './laravel-broadcast.js';
import { startRedis, waitForSubscriber, type RedisServer } from './redis-server.js';

const EVENT = 'App\\Events\\TodoEventUpdated';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('test harness: redis + laravel-echo-server + fake Laravel', () => {
  let redis: RedisServer;
  let echo: EchoServer;
  const laravel = new FakeLaravel({
    users: [
      { id: 1, name: 'Ada', email: 'ada@example.test', password: 'secret-1' },
      { id: 2, name: 'Bob', email: 'bob@example.test', password: 'secret-2' },
    ],
  });
  const sockets: io.Socket[] = [];

  before(async () => {
    await laravel.start();
    redis = await startRedis();
    echo = await startEchoServer({ redisPort: redis.port, authHost: laravel.url });
  });

  after(async () => {
    for (const s of sockets) s.close();
    await echo?.stop();
    await redis?.stop();
    await laravel.stop();
  });

  const context = (): string => `${echo.process.describe()}\n${redis.process.describe()}`;

  async function connect(): Promise<io.Socket> {
    const socket = io(echo.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    await once(socket, 'connect', { timeoutMs: 5_000, context });
    return socket;
  }

  function subscribe(socket: io.Socket, channel: string, token: string): void {
    socket.emit('subscribe', {
      channel,
      auth: { headers: { Authorization: `Bearer ${token}`, 'X-Requested-With': 'XMLHttpRequest' } },
    });
  }

  /** A private subscription gets no ack: echo-server (devMode) logs the join, that is the signal. */
  function joined(socket: io.Socket, channel: string, since: number): Promise<string> {
    return echo.process.waitForOutput(new RegExp(`${escapeRegex(socket.id)} joined channel: ${escapeRegex(channel)}$`), 5_000, { since });
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await fetch(`${laravel.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    assert.equal(body.token_type, 'bearer');
    return body.access_token;
  }

  it('delivers a Laravel broadcast on an authorized private channel as (channel, data)', async (t) => {
    const token = await login('ada@example.test', 'secret-1');
    const socket = await connect();
    const channel = 'private-todoevent.updated.1';
    const mark = echo.process.lineCount();
    const authSeen = laravel.waitForRequest((r) => r.path === '/broadcasting/auth');
    subscribe(socket, channel, token);
    await joined(socket, channel, mark);
    const auth = await authSeen;
    assert.equal(auth.status, 200);
    assert.equal(auth.responseBody, 'true');
    assert.equal(auth.input['channel_name'], channel);
    assert.equal(auth.headers['authorization'], `Bearer ${token}`);
    assert.equal(auth.headers['x-requested-with'], 'XMLHttpRequest');

    const received = once<[string, Record<string, unknown>]>(socket, EVENT, { context });
    await publishAsLaravel(redis.url, { channels: [channel], event: EVENT, data: { event: { user_id: 1, title: 'Ship it' } } });
    const [gotChannel, data] = await received;
    assert.equal(gotChannel, channel);
    assert.deepEqual(data, { event: { user_id: 1, title: 'Ship it' }, socket: null });

    // A notification, through a reusable publisher.
    const publisher = new LaravelPublisher(redis.url);
    t.after(async () => {
      await publisher.close();
    });
    const userChannel = 'private-App.Models.User.1';
    const mark2 = echo.process.lineCount();
    subscribe(socket, userChannel, token);
    await joined(socket, userChannel, mark2);
    const note = notificationPayload(1, 'App\\Notifications\\InvoicePaid', { amount: 42 });
    const got = once<[string, Record<string, unknown>]>(socket, note.event, { context });
    await publisher.publish(note);
    const [ch, payload] = await got;
    assert.equal(ch, userChannel);
    assert.equal(payload['type'], 'App\\Notifications\\InvoicePaid');
    assert.equal(payload['amount'], 42);
    assert.match(String(payload['id']), /^[0-9a-f-]{36}$/);
  });

  it("answers someone else's channel with subscription_error 403", async () => {
    const token = laravel.issueToken(1);
    const socket = await connect();
    const err = once<[string, number]>(socket, 'subscription_error', { context });
    subscribe(socket, 'private-todoevent.updated.2', token);
    assert.deepEqual(await err, ['private-todoevent.updated.2', 403]);
    assert.equal(laravel.authRequests('private-todoevent.updated.2').at(-1)?.responseBody, '{"message":""}');
  });

  it('answers an expired token with subscription_error 401', async () => {
    const token = laravel.issueToken(1, { expiresInSeconds: -60 });
    const socket = await connect();
    const err = once<[string, number]>(socket, 'subscription_error', { context });
    subscribe(socket, 'private-todoevent.updated.1', token);
    assert.deepEqual(await err, ['private-todoevent.updated.1', 401]);
    assert.equal(laravel.authRequests('private-todoevent.updated.1').at(-1)?.responseBody, '{"message":"Unauthenticated."}');
  });

  it('answers status 0 when Laravel drops the connection, and joins presence channels', async () => {
    const token = laravel.issueToken(2);
    const socket = await connect();
    laravel.setDown('reset');
    try {
      const err = once<[string, number]>(socket, 'subscription_error', { context });
      subscribe(socket, 'private-todoevent.updated.2', token);
      assert.deepEqual(await err, ['private-todoevent.updated.2', 0]);
    } finally {
      laravel.setDown(false);
    }
    const members = once<[string, unknown[]]>(socket, 'presence:subscribed', { context });
    subscribe(socket, 'presence-chat.lobby', token);
    const [ch, list] = await members;
    assert.equal(ch, 'presence-chat.lobby');
    // laravel-echo-server 1.6.3 leaks its internal socketId into each member.
    assert.equal(list.length, 1);
    const member = list[0] as { user_id: unknown; user_info: unknown; socketId: unknown };
    assert.equal(member.user_id, 2);
    assert.deepEqual(member.user_info, { id: 2, name: 'Bob' });
    assert.equal(member.socketId, socket.id);
  });

  it('survives kill -9 and restart of Redis (echo-server re-psubscribes)', async () => {
    const token = laravel.issueToken(1);
    const socket = await connect();
    const channel = 'private-todoevent.updated.1';
    const mark = echo.process.lineCount();
    subscribe(socket, channel, token);
    await joined(socket, channel, mark);

    const port = redis.port;
    await redis.kill9();
    await redis.restart();
    assert.equal(redis.port, port);
    await waitForSubscriber(redis.url, { pattern: true, timeoutMs: 8_000 });

    const events = collect<[string, Record<string, unknown>]>(socket, EVENT);
    await publishAsLaravel(redis.url, { channels: [channel], event: EVENT, data: { n: 1 } });
    const [[ch, data]] = (await events.waitForCount(1, 5_000, context)) as [[string, Record<string, unknown>]];
    events.stop();
    assert.equal(ch, channel);
    assert.deepEqual(data, { n: 1, socket: null });
  });
});
