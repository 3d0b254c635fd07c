import { Redis } from 'ioredis';
import ioV2 from 'socket.io-client-v2';
import type { EchoCore } from '../app/core/echo-core.js';
import { LaravelPublisher } from '../test/support/laravel-broadcast.js';
import { runCore, type Mode, type Stack } from '../test/support/stack.js';
import { againstFloor, percentile, type Measure } from './measures.js';

const CHANNEL = 'poster_room';
const EVENT = 'backend_poster';

/** Sends `count` events one at a time, each after the previous arrived: latency without queueing. */
async function roundTrips(publisher: LaravelPublisher, count: number, onSeq: (resolve: (seq: number) => void) => void): Promise<number[]> {
  const warmupOf = (n: number): number => Math.min(100, Math.floor(n / 5));
  const warmup = warmupOf(count);
  const waiting = new Map<number, { t0: number; done: () => void }>();
  const latencies: number[] = [];
  onSeq((seq) => {
    const w = waiting.get(seq);
    if (!w) return;
    if (seq >= warmup) latencies.push(performance.now() - w.t0);
    waiting.delete(seq);
    w.done();
  });
  for (let seq = 0; seq < count + warmup; seq++) {
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`event ${seq} never arrived`)), 10_000);
      waiting.set(seq, { t0: performance.now(), done: () => (clearTimeout(timer), resolve()) });
    });
    await publisher.publish({ channels: [CHANNEL], event: EVENT, data: { seq, msg: `latency probe ${seq}` } });
    await arrived;
  }
  return latencies.sort((a, b) => a - b);
}

function seqOf(data: unknown): number | undefined {
  return typeof data === 'object' && data !== null && typeof (data as { seq?: unknown }).seq === 'number' ? (data as { seq: number }).seq : undefined;
}

async function redisFloor(stack: Stack, publisher: LaravelPublisher, count: number): Promise<number[]> {
  const sub = new Redis(stack.redis.url);
  await sub.subscribe(`laravel_database_${CHANNEL}`);
  try {
    return await roundTrips(publisher, count, (resolve) =>
      sub.on('message', (_c: string, message: string) => {
        const env: unknown = JSON.parse(message);
        const seq = typeof env === 'object' && env !== null ? seqOf((env as { data?: unknown }).data) : undefined;
        if (seq !== undefined) resolve(seq);
      }),
    );
  } finally {
    sub.disconnect();
  }
}

async function socketIoFloor(stack: Stack, publisher: LaravelPublisher, count: number): Promise<number[]> {
  const echo = stack.echo;
  if (!echo) throw new Error('socket.io floor needs laravel-echo-server');
  const socket = ioV2(echo.url, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  socket.emit('subscribe', { channel: CHANNEL, auth: {} });
  // laravel-echo-server joins a public channel without an answer: the first delivered probe says so.
  const joined = new Promise<void>((resolve) => socket.on(EVENT, () => resolve()));
  const warm = setInterval(() => void publisher.publish({ channels: [CHANNEL], event: EVENT, data: { warmup: true } }), 50);
  await joined;
  clearInterval(warm);
  try {
    return await roundTrips(publisher, count, (resolve) =>
      socket.on(EVENT, (_channel: unknown, data: unknown) => {
        const seq = seqOf(data);
        if (seq !== undefined) resolve(seq);
      }),
    );
  } finally {
    socket.close();
  }
}

async function coreLatency(stack: Stack, mode: Mode, publisher: LaravelPublisher, count: number): Promise<number[]> {
  const run = await runCore(stack, mode, { overrides: { channels: [CHANNEL] } });
  run.notifications.stop();
  try {
    await run.settled();
    const core: EchoCore = run.core;
    return await roundTrips(publisher, count, (resolve) =>
      core.on('notification', (d) => {
        const seq = seqOf(d.event.data);
        if (seq !== undefined) resolve(seq);
      }),
    );
  } finally {
    await run.stop();
  }
}

export async function latencyBench(stack: Stack, count: number): Promise<Measure[]> {
  const publisher = new LaravelPublisher(stack.redis.url);
  try {
    const out: Measure[] = [];
    const pairs: [Mode, () => Promise<number[]>][] = [
      ['redis', () => redisFloor(stack, publisher, count)],
      ['socket.io', () => socketIoFloor(stack, publisher, count)],
    ];
    for (const [mode, floorRun] of pairs) {
      const floor = await floorRun();
      const core = await coreLatency(stack, mode, publisher, count);
      out.push(againstFloor(`latency ${mode} p50`, percentile(core, 50), percentile(floor, 50), 'ms', 1.3));
      out.push(againstFloor(`latency ${mode} p99`, percentile(core, 99), percentile(floor, 99), 'ms', 1.5));
    }
    return out;
  } finally {
    await publisher.close();
  }
}
