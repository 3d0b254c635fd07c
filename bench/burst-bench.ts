import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Clock } from '../app/util/clock.js';
import { NotificationPolicy } from '../app/desktop/notification-policy.js';
import { DEFAULT_SETTINGS } from '../app/desktop/settings.js';
import { HistoryStore } from '../app/history/history-store.js';
import { runCore, type Stack } from '../test/support/stack.js';
import { absolute, median, rateAgainstFloor, type Measure } from './measures.js';

const CHANNEL = 'private-todoevent.updated.8164';
/** The floor's own channel: the core stays subscribed to CHANNEL while the floor takes its bursts. */
const FLOOR_CHANNEL = 'private-todoevent.updated.8165';
const PUBLISHER = fileURLToPath(new URL('../test/support/burst-publisher.js', import.meta.url));
/** ≈300 bytes on the wire, in Laravel's envelope. */
const EVENT_BYTES = 300;
/**
 * Each side first takes an unmeasured burst of this share of the count, so that both run compiled
 * code, as a notifier that has been up for a while does; the first thousands of events of a process
 * run in V8's interpreter.
 */
const WARMUP_SHARE = 5;
/**
 * Floor and core take turns this many times and each side's median rate counts: the machine's
 * speed drifts by half within minutes here, and one round each would charge a slow minute to one side.
 */
const ROUNDS = 3;

/**
 * The burst comes from another process (Laravel's own broadcast script, pipelined), as fast as
 * Redis takes it, so the consumer measured does not share its event loop with the publisher.
 */
function publishBurst(redisUrl: string, channel: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [PUBLISHER, redisUrl, channel, String(count), String(EVENT_BYTES)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`burst publisher exited with ${code}`))));
  });
}

/** First and last arrival of a stream of events: the consumer's delivered rate. */
class Arrivals {
  count = 0;
  private first = 0;
  private last = 0;
  tick(): void {
    const now = performance.now();
    if (this.count++ === 0) this.first = now;
    this.last = now;
  }
  rate(): number {
    return this.count > 1 ? (this.count - 1) / ((this.last - this.first) / 1000) : 0;
  }
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
  const warmup = Math.ceil(count / WARMUP_SHARE);
  // Floor: a bare ioredis subscriber that parses each message.
  const sub = new Redis(stack.redis.url);
  await sub.subscribe(`laravel_database_${FLOOR_CHANNEL}`);
  let floor = new Arrivals();
  sub.on('message', (_c: string, m: string) => {
    JSON.parse(m);
    floor.tick();
  });

  // The core in Redis mode as the desktop runs it: history written (default cap), OS policy deciding.
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-bench-'));
  const history = await HistoryStore.open(join(dir, 'history.jsonl'));
  const clock = manualClock();
  let shown = 0;
  const policy = new NotificationPolicy({ clock, settings: () => DEFAULT_SETTINGS, show: () => void shown++ });
  const run = await runCore(stack, 'redis', { overrides: { channels: [CHANNEL] } });
  run.notifications.stop();
  let core = new Arrivals();
  run.core.on('notification', (d) => {
    policy.offer(d);
    history.append(d.notification);
    core.tick();
  });
  const floorBurst = async (n: number): Promise<number> => {
    floor = new Arrivals();
    await publishBurst(stack.redis.url, FLOOR_CHANNEL, n);
    await untilDone(() => floor.count, n, 5000);
    return floor.rate();
  };
  /** The core's rate, events lost, and the OS notices the policy showed for the burst. */
  const coreBurst = async (n: number): Promise<{ rate: number; lost: number; shown: number }> => {
    shown = 0;
    core = new Arrivals();
    await publishBurst(stack.redis.url, CHANNEL, n);
    const delivered = await untilDone(() => core.count, n, 5000);
    await history.flush();
    clock.runDue();
    return { rate: core.rate(), lost: n - delivered, shown };
  };
  try {
    await run.settled();
    await floorBurst(warmup);
    await coreBurst(warmup);
    const floorRates: number[] = [];
    const coreRounds: { rate: number; lost: number; shown: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floorRates.push(await floorBurst(count));
      coreRounds.push(await coreBurst(count));
    }
    const lost = coreRounds.reduce((sum, r) => sum + r.lost, 0);
    const mostShown = Math.max(...coreRounds.map((r) => r.shown));
    return [
      rateAgainstFloor(
        `burst ${count} delivered rate (history written)`,
        median(coreRounds.map((r) => r.rate)),
        median(floorRates),
        'events/s',
        0.8,
      ),
      absolute(`burst ${count} lost`, lost, 'events', '= 0', lost === 0),
      absolute(
        `burst ${count} OS notifications after coalescing`,
        mostShown,
        'notices',
        `≤ ${Math.ceil(count / 100)} (coalesced)`,
        mostShown <= Math.ceil(count / 100),
      ),
    ];
  } finally {
    sub.disconnect();
    policy.dispose();
    await run.stop();
    await history.close();
    await rm(dir, { recursive: true, force: true });
  }
}
