import { Redis } from 'ioredis';
import ioV2 from 'socket.io-client-v2';
import { pusherClass } from '../app/transport/pusher-js-node.js';
import { LaravelPublisher } from '../test/support/laravel-broadcast.js';
import { PusherPublisher } from '../test/support/pusher-publisher.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { runCoreWithProfile, type Stack } from '../test/support/stack.js';
import { PUSHER_APP } from '../test/support/transport-envs.js';
import { againstFloor, percentile, type Measure } from './measures.js';

const CHANNEL = 'poster_room';
const EVENT = 'backend_poster';
/** Floor and core take turns this many times, so drift and warm-up fall on both alike. */
const ROUNDS = 8;

type Publish = (seq: number) => Promise<unknown>;

/** One receiver of the probes: connected and subscribed by `open`, calling `onSeq` per probe. */
interface Receiver {
  onSeq(cb: (seq: number) => void): void;
  close(): Promise<void>;
}

type Open = () => Promise<Receiver>;

function seqOf(data: unknown): number | undefined {
  return typeof data === 'object' && data !== null && typeof (data as { seq?: unknown }).seq === 'number'
    ? (data as { seq: number }).seq
    : undefined;
}

/** Sends probes one at a time, each after the previous arrived: latency without queueing. */
async function roundTrips(receiver: Receiver, publish: Publish, first: number, count: number, warmup: number): Promise<number[]> {
  let waiting: { seq: number; t0: number; done: () => void } | undefined;
  const latencies: number[] = [];
  receiver.onSeq((seq) => {
    if (waiting?.seq !== seq) return;
    if (seq >= first + warmup) latencies.push(performance.now() - waiting.t0);
    const w = waiting;
    waiting = undefined;
    w.done();
  });
  for (let seq = first; seq < first + warmup + count; seq++) {
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`latency bench: probe ${seq} never arrived`)), 10_000);
      waiting = { seq, t0: performance.now(), done: () => (clearTimeout(timer), resolve()) };
    });
    await publish(seq);
    await arrived;
  }
  return latencies;
}

/** Floor and core in alternating rounds, fresh connections each time; percentiles over all rounds. */
async function measure(name: string, floor: Open, core: Open, publish: Publish, count: number): Promise<Measure[]> {
  const per = Math.ceil(count / ROUNDS);
  const warmup = Math.min(50, Math.ceil(per / 5));
  const floorAll: number[] = [];
  const coreAll: number[] = [];
  let seq = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [open, into] of [[floor, floorAll], [core, coreAll]] as const) {
      global.gc?.(); // each round starts from a collected heap: neither side pays for the other's garbage
      const receiver = await open();
      try {
        into.push(...(await roundTrips(receiver, publish, seq, per, warmup)));
      } finally {
        await receiver.close();
      }
      seq += per + warmup;
    }
  }
  floorAll.sort((a, b) => a - b);
  coreAll.sort((a, b) => a - b);
  return [
    againstFloor(`latency ${name} p50`, percentile(coreAll, 50), percentile(floorAll, 50), 'ms', 1.2),
    againstFloor(`latency ${name} p99`, percentile(coreAll, 99), percentile(floorAll, 99), 'ms', 1.4),
  ];
}

/** The core as `listen` runs it, on one public channel. */
function coreReceiver(profile: Record<string, unknown>): Open {
  return async () => {
    const run = await runCoreWithProfile(profile);
    run.notifications.stop();
    await run.settled();
    return {
      onSeq: (cb) => void run.core.on('notification', (d) => {
        const seq = seqOf(d.event.data);
        if (seq !== undefined) cb(seq);
      }),
      close: () => run.stop(),
    };
  };
}

/** Floor: a bare ioredis subscriber on the same Redis, parsing each message. */
function redisFloor(url: string): Open {
  return async () => {
    const sub = new Redis(url);
    await sub.subscribe(`laravel_database_${CHANNEL}`);
    return {
      onSeq: (cb) => void sub.on('message', (_c: string, message: string) => {
        const env: unknown = JSON.parse(message);
        const seq = typeof env === 'object' && env !== null ? seqOf((env as { data?: unknown }).data) : undefined;
        if (seq !== undefined) cb(seq);
      }),
      close: async () => void sub.disconnect(),
    };
  };
}

/** Floor: a bare socket.io-client 2 on the same laravel-echo-server, subscribed as laravel-echo does. */
function socketIoFloor(url: string, publish: Publish): Open {
  return async () => {
    const socket = ioV2(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.emit('subscribe', { channel: CHANNEL, auth: {} });
    // A public join gets no answer: the first warm-up event that comes through says it is done.
    const joined = new Promise<void>((resolve) => socket.on(EVENT, () => resolve()));
    const warm = setInterval(() => void publish(-1), 20);
    await joined;
    clearInterval(warm);
    return {
      onSeq: (cb) => void socket.on(EVENT, (_channel: unknown, data: unknown) => {
        const seq = seqOf(data);
        if (seq !== undefined) cb(seq);
      }),
      close: async () => void socket.close(),
    };
  };
}

/** Floor: a bare pusher-js client on the same Pusher-protocol server. */
function pusherFloor(port: number): Open {
  return async () => {
    const Pusher = pusherClass();
    const pusher = new Pusher(
      PUSHER_APP.key,
      { cluster: '', wsHost: '127.0.0.1', wsPort: port, forceTLS: false, enabledTransports: ['ws'] },
    );
    const channel = pusher.subscribe(CHANNEL);
    await new Promise<void>((resolve) => channel.bind('pusher:subscription_succeeded', () => resolve()));
    return {
      onSeq: (cb) => void channel.bind(EVENT, (data: unknown) => {
        const seq = seqOf(data);
        if (seq !== undefined) cb(seq);
      }),
      close: async () => void pusher.disconnect(),
    };
  };
}

const TIMINGS = { reconnectionDelay: 50, reconnectionDelayMax: 400 };

/** publish → notification emitted by the core, per transport, next to a bare client of the same server. */
export async function latencyBench(stack: Stack, count: number): Promise<Measure[]> {
  const out: Measure[] = [];
  const publisher = new LaravelPublisher(stack.redis.url);
  const viaRedis: Publish = (seq) => publisher.publish({ channels: [CHANNEL], event: EVENT, data: { seq, msg: `latency probe ${seq}` } });
  const profile = (connection: Record<string, unknown>): Record<string, unknown> => stack.profileJson(
    'redis',
    { channels: [CHANNEL], connection: { ...connection, ...TIMINGS } },
  );
  try {
    out.push(...(await measure(
      'redis',
      redisFloor(stack.redis.url),
      coreReceiver(profile({ broadcaster: 'redis', url: stack.redis.url })),
      viaRedis,
      count,
    )));
    const echo = stack.echo;
    if (echo) {
      // subscribeTimeout 300: the core reports a public channel subscribed after 0.3 s without a refusal.
      const core = coreReceiver(profile({ broadcaster: 'socket.io', host: echo.url, socketio: 2, subscribeTimeout: 300 }));
      out.push(...(await measure('socket.io', socketIoFloor(echo.url, viaRedis), core, viaRedis, count)));
    }
  } finally {
    await publisher.close();
  }
  const relay = await RelayProcess.start({ kind: 'pusher', app: PUSHER_APP, flavour: 'pusher' });
  try {
    const pusher = new PusherPublisher(relay.url, PUSHER_APP);
    const viaPusher: Publish = (seq) => pusher.publish({ channels: [CHANNEL], event: EVENT, data: { seq, msg: `latency probe ${seq}` } });
    const core = coreReceiver(profile({
      broadcaster: 'pusher',
      key: PUSHER_APP.key,
      wsHost: '127.0.0.1',
      wsPort: relay.port,
      forceTLS: false,
      enabledTransports: ['ws'],
    }));
    out.push(...(await measure('pusher', pusherFloor(relay.port), core, viaPusher, count)));
  } finally {
    await relay.stop();
  }
  return out;
}
