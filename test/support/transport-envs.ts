import { Redis } from 'ioredis';
import { startEchoServer } from './echo-server.js';
import { FakeLaravel, type PusherDriverSettings } from './fake-laravel.js';
import { LaravelPublisher } from './laravel-broadcast.js';
import type { ManagedServer } from './managed-server.js';
import type { PusherApp } from './pusher-protocol-server.js';
import { PusherPublisher } from './pusher-publisher.js';
import { startRedis } from './redis-server.js';
import { RelayProcess } from './relay-process.js';
import { ALICE, BOB } from './stack.js';

export const PUSHER_APP: PusherApp = { id: '424242', key: 'echo-tray-key', secret: 'echo-tray-secret' };
export const REDIS_PREFIX = 'laravel_database_';
/** What the fake Laravel's pusher driver is configured with to sign for PUSHER_APP. */
export const PUSHER_DRIVER: PusherDriverSettings = { appId: PUSHER_APP.id, key: PUSHER_APP.key, secret: PUSHER_APP.secret };

/** A profile's `connection` to a Pusher-protocol server on loopback (plain ws, the test app's key), plus `extra`. */
export function loopbackPusher(port: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    broadcaster: 'pusher', key: PUSHER_APP.key, wsHost: '127.0.0.1', wsPort: port, forceTLS: false, enabledTransports: ['ws'], ...extra,
  };
}

export interface Broadcast {
  readonly channels: readonly string[];
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** One way of getting Laravel's broadcasts to the desktop, with everything it needs running. */
export interface TransportEnv {
  /** Row of the transport × scenario table. */
  readonly name: string;
  readonly laravel: FakeLaravel;
  /** 'full': members, joins and leaves; 'self': the relay knows nothing of presence, only Laravel's answer for us. */
  readonly presence: 'full' | 'self';
  /** What the connection status should name as the protocol. */
  readonly protocol: RegExp;
  /** The relay (or Redis, in direct mode) that the restart scenario kills. */
  readonly relay: ManagedServer;
  /** The profile's `connection`, test timings included. */
  connection(): Record<string, unknown>;
  /** As the Laravel app's broadcaster would. */
  publish(b: Broadcast): Promise<void>;
  /** Sends broken events on `channel`; resolves with how many. */
  publishMalformed(channel: string): Promise<number>;
}

export interface TransportEnvs {
  readonly all: readonly TransportEnv[];
  stop(): Promise<void>;
}

const TIMINGS = { reconnectionDelay: 50, reconnectionDelayMax: 400, subscribeTimeout: 3000 };

/** Bad Laravel envelopes every Redis-fed relay forwards as they are. */
const BAD_ENVELOPES = [
  JSON.stringify({ event: 'backend_poster', data: 'not an object', socket: null }),
  JSON.stringify({ event: 'backend_poster', data: [1, 2, 3], socket: null }),
];

async function newLaravel(pusher: boolean): Promise<FakeLaravel> {
  const laravel = new FakeLaravel({ users: [ALICE, BOB], ...(pusher ? { pusher: PUSHER_DRIVER } : {}) });
  await laravel.start();
  laravel.allowChannel(/^poster_room$/, () => true);
  return laravel;
}

/**
 * Every server set-up the notifier meets, side by side: laravel-echo-server (socket.io 2), a
 * socket.io 4 relay speaking its protocol, a Pusher-protocol server (Pusher/Soketi and Reverb
 * flavours), the plain relay, and Redis itself. Direct Redis gets its own redis-server, so that
 * killing it does not disturb the relays fed by the shared one.
 */
export async function startTransportEnvs(): Promise<TransportEnvs> {
  const stoppers: (() => Promise<void>)[] = [];
  const keep = <T>(value: T, stop: (v: T) => Promise<void>): T => {
    stoppers.push(() => stop(value));
    return value;
  };
  try {
    const redis = keep(await startRedis(), (r) => r.stop());
    const directRedis = keep(await startRedis(), (r) => r.stop());
    const laravel = keep(await newLaravel(false), (l) => l.stop());
    const pusherLaravel = keep(await newLaravel(true), (l) => l.stop());
    const [echo, v4, seed, pusher, reverb] = await Promise.all([
      startEchoServer({ redisPort: redis.port, authHost: laravel.url, devMode: false }),
      RelayProcess.start({ kind: 'echo-v4', redisUrl: redis.url, keyPrefix: REDIS_PREFIX, authHost: laravel.url }),
      RelayProcess.start({ kind: 'plain', redisUrl: redis.url }),
      RelayProcess.start({ kind: 'pusher', app: PUSHER_APP, flavour: 'pusher' }),
      RelayProcess.start({ kind: 'pusher', app: PUSHER_APP, flavour: 'reverb' }),
    ]);
    for (const server of [echo, v4, seed, pusher, reverb]) keep(server, (s) => s.stop());
    const publisher = keep(new LaravelPublisher(redis.url), (p) => p.close());
    const directPublisher = keep(new LaravelPublisher(directRedis.url), (p) => p.close());
    const raw = keep(new Redis(redis.url), async (r) => void r.disconnect());
    const directRaw = keep(new Redis(directRedis.url, { maxRetriesPerRequest: 2 }), async (r) => void r.disconnect());
    directRaw.on('error', () => undefined);

    const redisFed = (
      name: string,
      relay: ManagedServer,
      presence: TransportEnv['presence'],
      protocol: RegExp,
      connection: Record<string, unknown>,
    ): TransportEnv => ({
      name,
      laravel,
      presence,
      protocol,
      relay,
      connection: () => ({ ...connection, ...TIMINGS }),
      publish: async (b) => void (await publisher.publish(b)),
      async publishMalformed(channel) {
        for (const payload of BAD_ENVELOPES) await raw.publish(REDIS_PREFIX + channel, payload);
        return BAD_ENVELOPES.length;
      },
    });
    const pusherFed = (name: string, relay: RelayProcess, broadcaster: 'pusher' | 'reverb'): TransportEnv => {
      const pub = new PusherPublisher(relay.url, PUSHER_APP);
      return {
        name,
        laravel: pusherLaravel,
        presence: 'full',
        protocol: broadcaster === 'reverb' ? /^Reverb protocol 7/ : /^Pusher protocol 7/,
        relay,
        connection: () => loopbackPusher(relay.port, { broadcaster, ...TIMINGS }),
        publish: (b) => pub.publish(b),
        async publishMalformed(channel) {
          const bad = ['not json{', '[1,2,3]', '"just a string"'];
          for (const data of bad) await pub.publishRaw(channel, 'backend_poster', data);
          return bad.length;
        },
      };
    };

    const all: TransportEnv[] = [
      redisFed(
        'socket.io v2 (laravel-echo-server)',
        echo,
        'full',
        /^socket\.io v2 \(detected\)$/,
        { broadcaster: 'socket.io', host: echo.url, socketio: 'auto' },
      ),
      redisFed(
        'socket.io v4 relay',
        v4,
        'full',
        /^socket\.io v4 \(detected\)$/,
        { broadcaster: 'socket.io', host: v4.url, socketio: 'auto' },
      ),
      pusherFed('pusher (Soketi-like)', pusher, 'pusher'),
      pusherFed('reverb', reverb, 'reverb'),
      redisFed(
        'relay (plain)',
        seed,
        'self',
        /^socket\.io v4 \(detected\)$/,
        { broadcaster: 'relay', host: seed.url, prefix: REDIS_PREFIX },
      ),
      {
        name: 'redis (direct)',
        laravel,
        presence: 'self',
        protocol: /^redis pub\/sub/,
        relay: directRedis,
        connection: () => ({ broadcaster: 'redis', url: directRedis.url, prefix: REDIS_PREFIX, ...TIMINGS }),
        publish: async (b) => void (await directPublisher.publish(b)),
        async publishMalformed(channel) {
          const bad = [...BAD_ENVELOPES, '{"event": "backend_poster", "data": {', JSON.stringify({ data: { msg: 'no event' } })];
          for (const payload of bad) await directRaw.publish(REDIS_PREFIX + channel, payload);
          return bad.length;
        },
      },
    ];
    return {
      all,
      async stop() {
        for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
