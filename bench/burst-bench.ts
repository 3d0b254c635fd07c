import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Clock } from '../app/desktop/clock.js';
import { NotificationPolicy } from '../app/desktop/notification-policy.js';
import { DEFAULT_SETTINGS } from '../app/desktop/settings.js';
import { HistoryStore } from '../app/history/history-store.js';
import { laravelEnvelope } from '../app/publish/laravel-publisher.js';
import { runCore, type Stack } from '../test/support/stack.js';
import { absolute, rateAgainstFloor, type Measure } from './measures.js';

const CHANNEL = 'private-todoevent.updated.8164';
const REDIS_CHANNEL = `laravel_database_${CHANNEL}`;

/** ≈300 bytes on the wire, in Laravel's envelope. */
export function burstPayload(seq: number): string {
  return laravelEnvelope({
    channels: [CHANNEL],
    event: 'App\\Events\\TodoEventUpdated',
    data: { seq, todo: { id: seq, title: `Todo ${seq}`, status: 'updated' }, message: 'Moved to Done by Bob'.padEnd(120, '.'), url: `https://app.acme.test/todos/${seq}` },
  });
}

async function publishBurst(redisUrl: string, count: number): Promise<number> {
  const pub = new Redis(redisUrl);
  const started = performance.now();
  for (let i = 0; i < count; i += 1000) {
    const pipe = pub.pipeline();
    for (let seq = i; seq < Math.min(count, i + 1000); seq++) pipe.publish(REDIS_CHANNEL, burstPayload(seq));
    await pipe.exec();
  }
  pub.disconnect();
  return started;
}

/** Resolves when `count()` reaches `target` or has not moved for `idleMs`. */
function untilDone(count: () => number, target: number, idleMs: number): Promise<number> {
  return new Promise((resolve) => {
    let last = -1;
    let lastChange = performance.now();
    const timer = setInterval(() => {
      const now = count();
      if (now !== last) {
        last = now;
        lastChange = performance.now();
      }
      if (now >= target || performance.now() - lastChange > idleMs) {
        clearInterval(timer);
        resolve(now);
      }
    }, 20);
  });
}

/** The burst's OS notices under the desktop policy, with summaries due at each window's end. */
function manualClock(): Clock & { runDue(): void } {
  let pending: (() => void)[] = [];
  return {
    now: () => new Date(),
    schedule(fn) {
      pending.push(fn);
      return () => (pending = pending.filter((f) => f !== fn));
    },
    runDue() {
      // Two rounds: the window that ends the burst, then the empty one that closes it.
      for (let round = 0; round < 2; round++) {
        const due = pending;
        pending = [];
        for (const fn of due) fn();
      }
    },
  };
}

export async function burstBench(stack: Stack, count: number): Promise<Measure[]> {
  // Floor: a bare ioredis subscriber that parses each message.
  const sub = new Redis(stack.redis.url);
  await sub.subscribe(REDIS_CHANNEL);
  let floorGot = 0;
  let floorLast = 0;
  sub.on('message', (_c: string, m: string) => {
    JSON.parse(m);
    floorGot++;
    floorLast = performance.now();
  });
  const floorStart = await publishBurst(stack.redis.url, count);
  await untilDone(() => floorGot, count, 5000);
  sub.disconnect();
  const floorRate = floorGot / ((floorLast - floorStart) / 1000);

  // The core in Redis mode, with the history written and the OS policy deciding.
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-bench-'));
  const history = await HistoryStore.open(join(dir, 'history.jsonl'), { cap: count });
  const clock = manualClock();
  let shown = 0;
  const policy = new NotificationPolicy({ clock, settings: () => DEFAULT_SETTINGS, show: () => void shown++ });
  const run = await runCore(stack, 'redis', { overrides: { channels: [CHANNEL], history: { cap: count } } });
  run.notifications.stop();
  let got = 0;
  let last = 0;
  run.core.on('notification', (d) => {
    history.append(d.notification);
    policy.offer(d);
    got++;
    last = performance.now();
  });
  try {
    await run.settled();
    const start = await publishBurst(stack.redis.url, count);
    const delivered = await untilDone(() => got, count, 5000);
    await history.flush();
    clock.runDue();
    const rate = delivered / ((last - start) / 1000);
    return [
      rateAgainstFloor(`burst ${count} delivered rate (history written)`, rate, floorRate, 'events/s', 0.5),
      absolute(`burst ${count} lost`, count - delivered, 'events', '= 0', delivered === count),
      absolute(`burst ${count} OS notifications after coalescing`, shown, 'notices', `≤ ${Math.ceil(count / 100)} (coalesced)`, shown <= Math.ceil(count / 100)),
    ];
  } finally {
    policy.dispose();
    await run.stop();
    await history.close();
    await rm(dir, { recursive: true, force: true });
  }
}
