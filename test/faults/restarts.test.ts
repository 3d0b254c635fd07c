// Fault: the servers on the notifier's path are killed (-9) and restarted 20 times each while a
// steady stream of broadcasts flows.
//
// "Published while connected" is defined as: the publish completed after the core had reported
// every channel subscribed again (and, when the relay's own Redis was the one restarted, after an
// event published since had come through, since the notifier cannot see the relay resubscribe),
// and before the kill; the test waits for those events to arrive before it kills the next time.
// Each of them must arrive exactly once; every other event (published during an outage) at most once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { once } from '../support/events.js';
import { LaravelPublisher } from '../support/laravel-broadcast.js';
import type { ManagedServer } from '../support/managed-server.js';
import { PusherPublisher } from '../support/pusher-publisher.js';
import { RelayProcess } from '../support/relay-process.js';
import { ALICE, runCoreWithProfile, startStack, type Stack } from '../support/stack.js';
import { loopbackPusher, PUSHER_APP, PUSHER_DRIVER } from '../support/transport-envs.js';
import { deliveryCounts, seqOf, SteadyStream, type PublishBroadcast } from './steady-stream.js';

const CYCLES = 20;
const MINE = `private-todoevent.updated.${ALICE.id}`;
const CHANNELS = [MINE, 'poster_room'];
const TIMINGS = { reconnectionDelay: 50, reconnectionDelayMax: 400 };

interface Path {
  /** The server that is killed and restarted. */
  readonly server: ManagedServer;
  readonly connection: Record<string, unknown>;
  readonly publish: PublishBroadcast;
  stop(): Promise<void>;
}

interface Scenario {
  readonly title: string;
  readonly echo: boolean;
  /** The notifier is connected to the killed server itself (it sees the connection drop). */
  readonly direct: boolean;
  path(stack: Stack): Promise<Path>;
}

function redisFed(stack: Stack, server: ManagedServer, connection: Record<string, unknown>): Path {
  const publisher = new LaravelPublisher(stack.redis.url);
  return { server, connection, publish: (b) => publisher.publish(b), stop: () => publisher.close() };
}

const scenarios: Scenario[] = [
  {
    title: 'Redis, notifier in Redis mode',
    echo: false,
    direct: true,
    path: async (stack) => redisFed(stack, stack.redis, { broadcaster: 'redis', url: stack.redis.url, subscribeTimeout: 2000, ...TIMINGS }),
  },
  {
    title: 'laravel-echo-server, notifier in socket.io mode',
    echo: true,
    direct: true,
    path: async (stack) => redisFed(
      stack,
      required(stack.echo),
      { broadcaster: 'socket.io', host: required(stack.echo).url, subscribeTimeout: 500, ...TIMINGS },
    ),
  },
  {
    title: "laravel-echo-server's Redis, notifier in socket.io mode",
    echo: true,
    direct: false,
    path: async (stack) => redisFed(
      stack,
      stack.redis,
      { broadcaster: 'socket.io', host: required(stack.echo).url, subscribeTimeout: 500, ...TIMINGS },
    ),
  },
  {
    title: 'the Pusher-protocol server, notifier in pusher mode',
    echo: false,
    direct: true,
    path: async (stack) => {
      stack.laravel.pusherDriver = PUSHER_DRIVER;
      const relay = await RelayProcess.start({ kind: 'pusher', app: PUSHER_APP, flavour: 'pusher' });
      const publisher = new PusherPublisher(relay.url, PUSHER_APP);
      return {
        server: relay,
        connection: loopbackPusher(relay.port, { subscribeTimeout: 3000, ...TIMINGS }),
        publish: (b) => publisher.publish(b),
        stop: () => relay.stop(),
      };
    },
  },
];

function required<T>(value: T | undefined): T {
  assert.ok(value !== undefined);
  return value;
}

for (const scenario of scenarios) {
  describe(`fault: kill -9 and restart ${scenario.title}, ${CYCLES} times during a steady stream`, () => {
    let stack: Stack;
    let path: Path;
    before(async () => {
      stack = await startStack({ echo: scenario.echo });
      path = await scenario.path(stack);
    });
    after(async () => {
      await path?.stop();
      await stack?.stop();
    });

    it('never crashes, resubscribes every time, and every event published while connected arrives exactly once', async () => {
      const run = await runCoreWithProfile(stack.profileJson('redis', { channels: CHANNELS, connection: path.connection }));
      const server = path.server;
      const stream = new SteadyStream(path.publish, CHANNELS);
      const mustArrive: number[] = [];
      const authBefore = stack.laravel.authRequests(MINE).length;
      const context = (): string => `${JSON.stringify(run.core.channels())}\n${server.process.describe()}`;
      try {
        await run.settled();
        stream.start();
        for (let cycle = 0; cycle <= CYCLES; cycle++) {
          if (cycle > 0) await run.settled(CHANNELS, 'subscribed', 20_000);
          const startSeq = stream.nextSeq;
          const [first] = await run.notifications.waitFor((d) => (seqOf(d) ?? -1) >= startSeq, 15_000, context);
          const windowStart = scenario.direct ? startSeq : (seqOf(first) ?? startSeq);
          await run.notifications.waitFor((d) => (seqOf(d) ?? -1) >= windowStart + 10, 10_000, context);
          const window = stream.completedBetween(windowStart, stream.nextSeq);
          mustArrive.push(...window);
          const last = window.at(-1) ?? windowStart;
          await run.notifications.waitFor((d) => seqOf(d) === last, 5_000, context);
          if (cycle === CYCLES) break;

          const lost = scenario.direct
            ? once(run.core, 'connection', { timeoutMs: 10_000, filter: (s) => (s as { state: string }).state === 'reconnecting', context })
            : undefined;
          await server.kill9();
          await lost;
          await server.restart();
        }
      } finally {
        await stream.stop();
        await run.stop();
      }

      const counts = deliveryCounts(run.notifications);
      const missing = mustArrive.filter((s) => (counts.get(s) ?? 0) === 0);
      const doubled = [...counts].filter(([, n]) => n > 1).map(([s]) => s);
      assert.deepEqual(missing, [], 'every event published while connected arrived');
      assert.deepEqual(doubled, [], 'no event arrived twice');
      assert.ok(mustArrive.length >= (CYCLES + 1) * 10, `${mustArrive.length} events were published while connected`);
      if (scenario.direct) {
        const resubscribed = run.channels.items.filter(([s]) => s.channel === MINE && s.state === 'subscribed').length;
        assert.ok(resubscribed >= CYCLES + 1, `the private channel was subscribed ${resubscribed} times`);
        assert.ok(
          stack.laravel.authRequests(MINE).length - authBefore >= CYCLES + 1,
          'the private channel was re-authorized after every restart',
        );
      }
      assert.equal(run.core.stats.malformed, 0);
      assert.deepEqual(run.logger.lines.filter((l) => l.level === 'error'), [], 'nothing failed inside the core');
    });
  });
}
