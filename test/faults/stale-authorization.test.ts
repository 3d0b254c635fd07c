// Fault (security): a slow Laravel answers "yes" for a private channel after the connection that
// asked was replaced, and the user lost the channel meanwhile. Redis mode and the plain relay read every channel
// whatever the user, so only the private-channel gate stands between that stale "yes" and the
// channel's events: the new connection must ask again, get "no", and never subscribe.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelStatus } from '../../app/transport/transport.js';
import { once } from '../support/events.js';
import type { RecordedRequest } from '../support/fake-laravel.js';
import type { ManagedServer } from '../support/managed-server.js';
import { RelayProcess } from '../support/relay-process.js';
import { LaravelPublisher } from '../support/laravel-broadcast.js';
import { ALICE, runCore, stackForSuite, startStack, type Stack } from '../support/stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const LATENCY_MS = 3_000;

describe('fault: a stale authorization after a reconnect (slow Laravel)', () => {
  interface Mode {
    readonly name: string;
    /** What the test kills and restarts to force a reconnect, and the profile's connection. */
    setUp(stack: Stack): Promise<{ server: ManagedServer; connection: Record<string, unknown>; stop: () => Promise<void> }>;
  }
  const timings = { prefix: 'laravel_database_', reconnectionDelay: 50, reconnectionDelayMax: 200 };
  const modes: Mode[] = [
    {
      name: 'Redis mode',
      setUp: async (stack) => ({
        server: stack.redis, connection: { broadcaster: 'redis', url: stack.redis.url, ...timings }, stop: async () => undefined,
      }),
    },
    {
      name: 'the plain relay',
      async setUp(stack) {
        const relay = await RelayProcess.start({ kind: 'plain', redisUrl: stack.redis.url });
        return { server: relay, connection: { broadcaster: 'relay', host: relay.url, ...timings }, stop: () => relay.stop() };
      },
    },
  ];

  for (const mode of modes) {
    it(`${mode.name}: a yes that arrives after the next reconnect opens nothing; the new connection's no stands`, async (t) => {
      const stack = await startStack({ echo: false });
      const publisher = new LaravelPublisher(stack.redis.url);
      const { server, connection, stop } = await mode.setUp(stack);
      const run = await runCore(stack, 'redis', { overrides: { connection } });
      t.after(async () => {
        stack.laravel.setLatency(0);
        await run.stop();
        await stop();
        await publisher.close();
        await stack.stop();
      });
      await run.settled();
      const authAsked = (): Promise<unknown> =>
        once(stack.laravel, 'received', { timeoutMs: 15_000, filter: (r) =>
          (r as { path: string; input: Record<string, unknown> }).path === '/broadcasting/auth'
          && (r as { input: Record<string, unknown> }).input.channel_name === MINE });

      stack.laravel.setLatency(LATENCY_MS);
      const mark = stack.laravel.requests.length;
      // The first reconnect asks Laravel, which takes LATENCY_MS to say yes…
      let asking = authAsked();
      await server.kill9();
      await server.restart();
      await asking;
      // …and before it does, the connection is replaced: the gate asks again.
      asking = authAsked();
      await server.kill9();
      await server.restart();
      await asking;
      const asked = (): RecordedRequest[] =>
        stack.laravel.requests.slice(mark).filter((r) => r.path === '/broadcasting/auth' && r.input.channel_name === MINE);
      // The first answer (yes) is on its way: the user loses the channel now, before the second is decided.
      const staleYes = await stack.laravel.waitForRequest((r) => r.path === '/broadcasting/auth' && r.input.channel_name === MINE,
        { timeoutMs: 15_000, since: mark });
      assert.equal(staleYes.status, 200, 'the old connection was told yes');
      stack.laravel.clearChannelRules();

      const denied = await once(run.core, 'channel', { timeoutMs: 15_000,
        filter: (s) => (s as ChannelStatus).channel === MINE && (s as ChannelStatus).state === 'denied' });
      assert.equal((denied[0] as ChannelStatus).httpStatus, 403);
      assert.deepEqual(asked().map((r) => r.status), [200, 403], 'asked once per connection: the stale yes, then the current no');
      assert.equal(run.core.channels().find((c) => c.channel === MINE)?.state, 'denied');

      stack.laravel.setLatency(0);
      await run.settled(['poster_room'], 'subscribed', 15_000);
      await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'not for you any more' } });
      await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'public marker' } });
      await run.notifications.waitFor((d) => d.notification.channel === 'poster_room', 5_000);
      assert.equal(run.notifications.items.filter(([d]) => d.notification.body === 'not for you any more').length, 0,
        'the private event never arrived');
    });
  }
});

describe('fault: Laravel throttles or refuses /broadcasting/auth (Redis mode)', () => {
  const s = stackForSuite({ echo: false });
  const fast = { connection: { broadcaster: 'redis', url: '', reconnectionDelay: 50, reconnectionDelayMax: 200 } };
  const state = (channel: string, wanted: ChannelStatus['state']) => (st: unknown): boolean =>
    (st as ChannelStatus).channel === channel && (st as ChannelStatus).state === wanted;

  it('429 with Retry-After: the channel says the server is busy (pending, not an error), asks again no sooner, opens once Laravel lets it',
    async (t) => {
    const { stack } = s();
    stack.laravel.setRefusal({ status: 429, retryAfterSeconds: 1 });
    const mark = stack.laravel.requests.length;
    const errored = once(stack.laravel, 'request', { timeoutMs: 10_000, filter: (r) => (r as RecordedRequest).status === 429 });
    const run = await runCore(stack, 'redis', { overrides: { connection: { ...fast.connection, url: stack.redis.url } } });
    t.after(async () => {
      stack.laravel.setRefusal(false);
      await run.stop();
    });
    const [first] = (await errored) as [RecordedRequest];
    assert.equal((JSON.parse(first.responseBody) as { message?: unknown }).message, 'Too Many Attempts.');
    const busy = (s: unknown): boolean => state(MINE, 'pending')(s) && (s as ChannelStatus).httpStatus === 429;
    const [status] = (await once(run.core, 'channel', { timeoutMs: 10_000, filter: busy })) as [ChannelStatus];
    assert.match(status.reason ?? '', /^server busy, retrying in \d+ s$/);
    const firstForMine = stack.laravel.requests.slice(mark).find((r) => r.path === '/broadcasting/auth' && r.input.channel_name === MINE);
    assert.ok(firstForMine);
    const again = await stack.laravel.waitForRequest((r) => r.path === '/broadcasting/auth' && r.input.channel_name === MINE,
      { since: stack.laravel.requests.indexOf(firstForMine) + 1, timeoutMs: 15_000 });
    assert.ok(again.at - firstForMine.at >= 1000, `asked again ${again.at - firstForMine.at} ms later: never before Retry-After (1 s)`);
    stack.laravel.setRefusal(false);
    await run.settled([MINE], 'subscribed', 15_000);
    const asked = stack.laravel.requests.slice(mark).filter((r) => r.path === '/broadcasting/auth' && r.input.channel_name === MINE);
    assert.ok(asked.length >= 2, 'retried after the 429');
    assert.equal(asked.at(-1)?.status, 200);
  });

  it('419 (CSRF token mismatch): the channel shows the error with Laravel\'s reason', async (t) => {
    const { stack } = s();
    stack.laravel.setRefusal({ status: 419 });
    const run = await runCore(stack, 'redis', { overrides: { connection: { ...fast.connection, url: stack.redis.url } } });
    t.after(async () => {
      stack.laravel.setRefusal(false);
      await run.stop();
    });
    const [status] = (await once(run.core, 'channel', { timeoutMs: 10_000, filter: state(MINE, 'error') })) as [ChannelStatus];
    assert.equal(status.httpStatus, 419);
    assert.match(status.reason ?? '', /CSRF token mismatch|419/);
    await run.settled(['poster_room'], 'subscribed');
  });
});
