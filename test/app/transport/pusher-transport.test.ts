// The Pusher transport against the Pusher-protocol test server (in-process, so that a test can make
// it refuse handshakes, close connections with a code or send frames pusher-js must cope with).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import { MemoryLogger } from '../../../app/log.js';
import { parseProfile, type PusherConnection } from '../../../app/profile/profile.js';
import { PusherTransport } from '../../../app/transport/pusher-transport.js';
import type { ChannelStatus, ConnectionStatus } from '../../../app/transport/transport.js';
import { collect, once } from '../../support/events.js';
import { FakeLaravel, type PusherDriverSettings } from '../../support/fake-laravel.js';
import { PusherProtocolServer, type PusherServerFlavour } from '../../support/pusher-protocol-server.js';
import { PusherPublisher } from '../../support/pusher-publisher.js';
import { ALICE, BOB, runCoreWithProfile, type RunningCore } from '../../support/stack.js';
import { PUSHER_APP, PUSHER_DRIVER } from '../../support/transport-envs.js';
import { FakeClock } from '../desktop/fake-clock.js';
import { emittingListener } from '../../support/transport-listener.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const SECRET_ORDERS = `private-encrypted-orders.${ALICE.id}`;
const DRIVER = PUSHER_DRIVER;
const WAIT = 10_000;

interface Setup {
  readonly server: PusherProtocolServer;
  readonly laravel: FakeLaravel;
  stop(): Promise<void>;
}

async function setup(
  opts: { flavour?: PusherServerFlavour; driver?: PusherDriverSettings | undefined; activityTimeout?: number } = {},
): Promise<Setup> {
  const server = await PusherProtocolServer.start({
    app: PUSHER_APP, flavour: opts.flavour ?? 'pusher', ...(opts.activityTimeout ? { activityTimeout: opts.activityTimeout } : {}),
  });
  const driver = 'driver' in opts ? opts.driver : DRIVER;
  const laravel = new FakeLaravel({ users: [ALICE, BOB], ...(driver ? { pusher: driver } : {}) });
  await laravel.start();
  laravel.allowChannel(/^poster_room$/, () => true);
  laravel.allowChannel(/^orders\.(\d+)$/, (user, m) => user.id === Number(m[1]));
  return {
    server,
    laravel,
    async stop() {
      await server.stop();
      await laravel.stop();
    },
  };
}

function connection(s: Setup, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    broadcaster: s.server.flavour === 'reverb' ? 'reverb' : 'pusher', key: PUSHER_APP.key, wsHost: '127.0.0.1', wsPort: s.server.port,
    forceTLS: false, enabledTransports: ['ws'], reconnectionDelay: 50, reconnectionDelayMax: 400, subscribeTimeout: 3000, ...extra,
  };
}

async function core(s: Setup, channels: readonly string[], extra: Record<string, unknown> = {}): Promise<RunningCore> {
  return runCoreWithProfile({ laravel: { url: s.laravel.url }, connection: connection(s, extra), channels });
}

function status(run: RunningCore, channel: string): ChannelStatus | undefined {
  return run.core.channels().find((c) => c.channel === channel);
}

const isState = (state: ConnectionStatus['state']) => (s: unknown): boolean => (s as ConnectionStatus).state === state;

describe('pusher transport (Pusher-protocol test server)', () => {
  for (const flavour of ['pusher', 'reverb'] as const) {
    it(`${flavour}: an unknown app key (4001) goes offline, says why, and is not retried`, async (t) => {
      const s = await setup({ flavour });
      const rejected = collect(s.server, 'rejected');
      const run = await runCoreWithProfile({
        laravel: { url: s.laravel.url }, connection: connection(s, { key: 'no-such-key' }), channels: ['poster_room'],
      });
      t.after(async () => {
        await run.stop();
        await s.stop();
      });
      const [offline] = (await once(run.core, 'connection', { timeoutMs: WAIT, filter: isState('offline') })) as [ConnectionStatus];
      assert.match(offline.reason ?? '', /4001 application does not exist: check connection\.key/);
      assert.match(offline.reason ?? '', /not reconnecting until asked/);
      assert.equal(offline.retryInMs, undefined);
      assert.equal(rejected.items.length, 1);
      assert.equal(status(run, 'poster_room')?.state, 'error');
    });
  }

  it('backs off on 4100 (over capacity) as a busy server and connects once the server takes connections again', async (t) => {
    const s = await setup();
    s.server.refuseConnections({ code: 4100, message: 'Over capacity' });
    const run = await core(s, ['poster_room']);
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    const [waiting] = (await once(run.core, 'connection', { timeoutMs: WAIT, filter: isState('reconnecting') })) as [ConnectionStatus];
    assert.match(waiting.reason ?? '', /4100 over capacity/);
    assert.ok((waiting.retryInMs ?? 0) > 0, 'after a backoff');
    assert.equal(waiting.busy, true, 'the window says "Server busy, retrying in N s", not an error');
    s.server.refuseConnections(undefined);
    await run.settled(undefined, 'subscribed', WAIT);
  });

  it('on 4200 reconnects within connection.reconnectionWindow (a fleet spread out, not at once) and subscribes everything again',
    async (t) => {
    const s = await setup();
    const run = await core(s, ['poster_room', MINE]);
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled();
    const waiting = once(run.core, 'connection', { timeoutMs: WAIT, filter: isState('reconnecting') });
    const back = once(run.core, 'connection', { timeoutMs: WAIT, filter: isState('connected') });
    s.server.closeAll({ code: 4200, message: 'Server closed. Please reconnect shortly.' });
    const [status4200] = (await waiting) as [ConnectionStatus];
    const retry = status4200.retryInMs ?? -1;
    assert.ok(retry >= 0 && retry <= 400, `retry in ${retry} ms, within the 400 ms window (reconnectionDelayMax 400)`);
    assert.match(status4200.reason ?? '', /4200/);
    await back;
    await run.settled(undefined, 'subscribed', WAIT);
    await new PusherPublisher(s.server.url, PUSHER_APP)
      .publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'after 4200' } });
    await run.notifications.waitFor((d) => d.notification.body === 'after 4200', WAIT);
  });

  it('reverb: a refused signature gets only pusher:error 4009, so the subscription times out and says so', async (t) => {
    const s = await setup({ flavour: 'reverb', driver: { ...DRIVER, secret: 'not-the-servers-secret' } });
    const run = await core(s, [MINE, 'poster_room'], { subscribeTimeout: 500 });
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled(['poster_room']);
    await run.settled([MINE], 'error', WAIT);
    assert.match(status(run, MINE)?.reason ?? '',
      /^no answer to the subscription within 0\.5 s; the server sent pusher:error 4009 connection is unauthorized.*app secret/);
  });

  it('pusher: a refused signature gets subscription_error, shown at once', async (t) => {
    const s = await setup({ driver: { ...DRIVER, secret: 'not-the-servers-secret' } });
    const refused = once(s.server, 'refused', { timeoutMs: WAIT });
    const run = await core(s, [MINE], { subscribeTimeout: 60_000 });
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await refused;
    await run.settled([MINE], 'error', WAIT);
    assert.match(status(run, MINE)?.reason ?? '',
      /^the pusher server refused the subscription \("The connection is unauthorized\."\): it did not accept the signature/);
  });

  it('explains a Laravel app that answers /broadcasting/auth the redis-broadcaster way', async (t) => {
    const s = await setup({ driver: undefined });
    const run = await core(s, [MINE, 'poster_room']);
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled(['poster_room']);
    await run.settled([MINE], 'error', WAIT);
    assert.match(status(run, MINE)?.reason ?? '', /BROADCAST_DRIVER=pusher/);
  });

  it('retries an authorization that failed because Laravel was unreachable', async (t) => {
    const s = await setup();
    const run = await core(s, ['poster_room']);
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled();
    s.laravel.setDown('reset');
    run.core.addChannel(MINE);
    await run.settled([MINE], 'error', WAIT);
    assert.equal(status(run, MINE)?.httpStatus, 0);
    s.laravel.setDown(false);
    await run.settled([MINE], 'subscribed', WAIT);
  });

  it('encrypted channels: decrypted with the shared secret from Laravel; plain data on them is malformed', async (t) => {
    const masterKey = randomBytes(32).toString('base64');
    const s = await setup({ driver: { ...DRIVER, encryptionMasterKeyBase64: masterKey } });
    const run = await core(s, [SECRET_ORDERS]);
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled();
    const publisher = new PusherPublisher(s.server.url, PUSHER_APP, { encryptionMasterKeyBase64: masterKey });
    await publisher.publish({ channels: [SECRET_ORDERS], event: 'App\\Events\\OrderShipped', data: { message: 'Order #7 shipped' } });
    await run.notifications.waitFor((d) => d.notification.body === 'Order #7 shipped', WAIT);
    const malformed = once(run.core, 'malformed', { timeoutMs: WAIT });
    s.server.sendRaw(SECRET_ORDERS, 'App\\Events\\OrderShipped', JSON.stringify({ message: 'in clear' }));
    const [input] = (await malformed) as [{ channel: string; reason: string }];
    assert.equal(input.channel, SECRET_ORDERS);
    assert.match(input.reason, /is not encrypted/);
    assert.equal(run.notifications.items.length, 1, 'nothing in clear is shown');
  });

  it('encrypted channels without an encryption key in Laravel are refused in words', async (t) => {
    const s = await setup();
    const run = await core(s, [SECRET_ORDERS]);
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled([SECRET_ORDERS], 'error', WAIT);
    // Like pusher-php-server, the SDK throws without a master key: Laravel answers 500.
    assert.equal(status(run, SECRET_ORDERS)?.httpStatus, 500);
    assert.match(status(run, SECRET_ORDERS)?.reason ?? '',
      /HTTP 500: Server Error \(an encrypted channel: is encryption_master_key_base64 set/);
  });

  it('takes data as a JSON string, an object, or JSON twice over (default transports ws + wss)', async (t) => {
    const s = await setup();
    const run = await runCoreWithProfile({
      laravel: { url: s.laravel.url }, connection: connection(s, { enabledTransports: undefined }), channels: ['poster_room'],
    });
    t.after(async () => {
      await run.stop();
      await s.stop();
    });
    await run.settled();
    s.server.sendRaw('poster_room', 'backend_poster', JSON.stringify({ msg: 'string' }));
    s.server.sendRaw('poster_room', 'backend_poster', { msg: 'object' });
    s.server.sendRaw('poster_room', 'backend_poster', JSON.stringify(JSON.stringify({ msg: 'twice' })));
    await run.notifications.waitForCount(3, WAIT);
    assert.deepEqual(run.notifications.items.map(([d]) => d.notification.body), ['string', 'object', 'twice']);
    assert.equal(run.core.stats.malformed, 0);
  });

  it('keeps a quiet connection up with pusher:ping / pusher:pong', async (t) => {
    const s = await setup({ activityTimeout: 1 });
    const run = await core(s, ['poster_room']);
    const statuses = collect<[ConnectionStatus]>(run.core, 'connection');
    const pings = collect<[string, Record<string, unknown>]>(s.server, 'frame');
    t.after(async () => {
      statuses.stop();
      pings.stop();
      await run.stop();
      await s.stop();
    });
    await run.settled();
    await pings.waitFor(() => pings.items.filter(([, m]) => m.event === 'pusher:ping').length >= 2, WAIT);
    assert.deepEqual(statuses.items.filter(([c]) => c.state !== 'connected'), [], 'never dropped');
    assert.equal(s.server.connections, 1);
  });
});

describe('pusher transport and the bearer token', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });

  it('signs every new subscription with the current token, without reconnecting', async (t) => {
    const laravel = new LaravelClient({ url: s.laravel.url, login: '/api/login', me: '/api/user', authEndpoint: '/broadcasting/auth' });
    let token = s.laravel.issueToken(ALICE.id);
    const events = new EventEmitter();
    const listener = emittingListener(events);
    const { profile } = parseProfile({ laravel: { url: s.laravel.url }, connection: connection(s), channels: ['poster_room'] });
    const transport = new PusherTransport({
      settings: profile.connection as PusherConnection,
      authority: { token: () => token, authorize: (channel, socketId) => laravel.authorizeChannel(token, channel, socketId) },
      listener,
      logger: new MemoryLogger(),
    });
    const statuses = collect<[ConnectionStatus]>(events, 'connection');
    const subscribed = (channel: string): Promise<unknown> => once(events, 'channel', {
      timeoutMs: WAIT, filter: (st) => (st as ChannelStatus).channel === channel && (st as ChannelStatus).state === 'subscribed',
    });
    t.after(async () => {
      statuses.stop();
      await transport.stop();
    });
    const first = subscribed(MINE);
    transport.start();
    transport.subscribe(MINE);
    await first;
    token = s.laravel.issueToken(ALICE.id);
    const second = subscribed(NOTIFY);
    transport.subscribe(NOTIFY);
    await second;
    assert.equal(s.laravel.authRequests(NOTIFY).at(-1)?.headers['authorization'], `Bearer ${token}`);
    assert.notEqual(s.laravel.authRequests(MINE).at(-1)?.headers['authorization'], `Bearer ${token}`);
    assert.deepEqual(statuses.items.map(([st]) => st.state), ['connecting', 'connected']);
    assert.equal(s.server.connections, 1);
  });

  it('a throttled /broadcasting/auth (429, Retry-After) is asked again only after Retry-After plus jitter, and waits as "server busy"',
    async (t) => {
    const laravel = new LaravelClient({ url: s.laravel.url, login: '/api/login', me: '/api/user', authEndpoint: '/broadcasting/auth' });
    const token = s.laravel.issueToken(ALICE.id);
    const events = new EventEmitter();
    const listener = emittingListener(events);
    const { profile } = parseProfile({ laravel: { url: s.laravel.url }, connection: connection(s), channels: [MINE] });
    const clock = new FakeClock(new Date());
    let asks = 0;
    const transport = new PusherTransport({
      settings: profile.connection as PusherConnection,
      authority: {
        token: () => token,
        authorize: (channel, socketId) => {
          asks++;
          return laravel.authorizeChannel(token, channel, socketId);
        },
      },
      listener,
      logger: new MemoryLogger(),
      clock,
      busyPolicy: { fallbackMs: 1000, jitterMs: 2000, random: () => 0.5 },
    });
    const channelStates = collect<[ChannelStatus]>(events, 'channel');
    s.laravel.throttleAuth({ perWindow: 0, retryAfterSeconds: 7, windowMs: 60_000 });
    t.after(async () => {
      s.laravel.throttleAuth(false);
      channelStates.stop();
      await transport.stop();
    });
    const busy = once(events, 'channel', { timeoutMs: WAIT, filter: (st) => (st as ChannelStatus).httpStatus === 429 });
    transport.start();
    transport.subscribe(MINE);
    const [waiting] = (await busy) as [ChannelStatus];
    assert.deepEqual(waiting, { channel: MINE, state: 'pending', httpStatus: 429, reason: 'server busy, retrying in 8 s' });
    const asked = asks;
    clock.advance(7999); // Retry-After 7 s + jitter 0.5 × 2 s, less 1 ms
    assert.equal(asks, asked, 'nothing asked before Retry-After');
    s.laravel.throttleAuth(false);
    const subscribed = once(events, 'channel', { timeoutMs: WAIT, filter: (st) => (st as ChannelStatus).state === 'subscribed' });
    clock.advance(1);
    await subscribed;
    assert.ok(!channelStates.items.some(([st]) => st.state === 'error'),
      `never shown as an error: ${JSON.stringify(channelStates.items)}`);
  });
});
