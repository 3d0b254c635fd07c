import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEchoServer, type EchoServer } from '../test/support/echo-server.js';
import { FakeLaravel } from '../test/support/fake-laravel.js';
import { LaravelPublisher } from '../test/support/laravel-broadcast.js';
import type { ManagedServer } from '../test/support/managed-server.js';
import { startRedis } from '../test/support/redis-server.js';
import type { FleetDesktop, FleetReport, ToWorker } from './fleet-worker.js';
import { absolute, type Measure } from './measures.js';

const WORKER = fileURLToPath(new URL('./fleet-worker.js', import.meta.url));
/** Node processes the simulated desktops share (the relay and Redis run in their own). */
const WORKERS = 4;
const CHANNELS = ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}'];

type FleetMode = 'socket.io' | 'redis';

class Worker {
  last: FleetReport | undefined;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor() {
    this.child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    this.child.on('message', (m: FleetReport) => {
      this.last = m;
      for (const w of this.waiters) w();
    });
  }

  send(msg: ToWorker): void {
    this.child.send(msg);
  }

  onReport(cb: () => void): () => void {
    this.waiters.add(cb);
    return () => this.waiters.delete(cb);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.child.connected) this.send({ kind: 'stop' });
      else this.child.kill('SIGKILL');
    });
  }
}

/** Resolves with the elapsed ms when `done(reports)` holds, or with undefined after `timeoutMs`. */
function until(workers: readonly Worker[], done: (reports: FleetReport[]) => boolean, timeoutMs: number): Promise<number | undefined> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const check = (): void => {
      const reports = workers.map((w) => w.last).filter((r): r is FleetReport => r !== undefined);
      if (reports.length === workers.length && done(reports)) finish(performance.now() - t0);
    };
    const offs = workers.map((w) => w.onReport(check));
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(v: number | undefined): void {
      clearTimeout(timer);
      for (const off of offs) off();
      resolve(v);
    }
    check();
  });
}

type Count = 'desktops' | 'subscribed' | 'resubscribed' | 'gaveUp' | 'probes' | 'duplicates';

const sum = (reports: readonly FleetReport[], key: Count): number =>
  reports.reduce((n, r) => n + r[key], 0);

/** Requests in each second after `start`. */
function perSecond(times: readonly number[], start: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const s = Math.floor((t - start) / 1000);
    while (counts.length <= s) counts.push(0);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** Most requests in any one-second window. */
function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] ?? 0) - (sorted[lo] ?? 0) >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

/**
 * `size` desktops (EchoCores as the CLI builds them, product timings) on two private channels each,
 * through a real laravel-echo-server (it asks Laravel) or straight on Redis (each core asks Laravel);
 * kill -9 the relay (or Redis), restart it, and watch the fleet come back.
 */
export async function fleetBench(size: number, mode: FleetMode, say: (line: string) => void): Promise<Measure[]> {
  const redis = await startRedis();
  const laravel = new FakeLaravel({ users: [], defaultChannelRules: true });
  for (let id = 1; id <= size; id++) laravel.addUser({ id, name: `Staff ${id}`, email: `staff${id}@example.test`, password: 'x' });
  await laravel.start();
  let echo: EchoServer | undefined;
  const workers: Worker[] = [];
  const publisher = new LaravelPublisher(redis.url);
  try {
    if (mode === 'socket.io') echo = await startEchoServer({ redisPort: redis.port, authHost: laravel.url, devMode: false });
    const relay: ManagedServer = echo ?? redis;
    const connection = echo
      ? { broadcaster: 'socket.io', host: echo.url }
      : { broadcaster: 'redis', url: redis.url, prefix: 'laravel_database_' };
    const profile = { name: 'fleet', laravel: { url: laravel.url }, connection, channels: CHANNELS };
    const desktops: FleetDesktop[] = [];
    for (let id = 1; id <= size; id++) desktops.push({ userId: id, token: laravel.issueToken(id) });
    for (let i = 0; i < WORKERS; i++) workers.push(new Worker());
    const per = Math.ceil(size / WORKERS);
    workers.forEach((w, i) => w.send({ kind: 'start', profile, desktops: desktops.slice(i * per, (i + 1) * per) }));
    const up = await until(workers, (r) => sum(r, 'subscribed') === size, 180_000);
    if (up === undefined) throw new Error(`fleet bench (${mode}): the fleet never got subscribed`);
    const victim = mode === 'redis' ? 'Redis server' : 'relay';
    say(`fleet ${mode}: ${size} desktops subscribed in ${(up / 1000).toFixed(1)} s; kill -9 the ${victim}`);

    for (const w of workers) w.send({ kind: 'arm' });
    const authsBefore = laravel.authRequests().length;
    const killedAt = Date.now();
    await relay.kill9();
    await relay.restart();
    const back = await until(workers, (r) => sum(r, 'resubscribed') === size, 120_000);
    const reports = (): FleetReport[] => workers.map((w) => w.last).filter((r): r is FleetReport => r !== undefined);
    const authTimes = laravel.authRequests().slice(authsBefore).map((r) => r.at).filter((t) => t >= killedAt);
    const seconds = perSecond(authTimes, killedAt).join(' ');
    say(`fleet ${mode}: ${sum(reports(), 'resubscribed')} of ${size} back, ${authTimes.length} /broadcasting/auth requests`);
    say(`fleet ${mode}: /broadcasting/auth per second after the kill: ${seconds}`);

    // One event to each desktop's own channel: it must arrive exactly once.
    const own = desktops.map((d) => `private-todoevent.updated.${d.userId}`);
    await publisher.publish({ channels: own, event: 'fleet.probe', data: { probe: 'after-restart' } });
    await until(workers, (r) => sum(r, 'probes') >= size, 15_000);
    await new Promise((r) => setTimeout(r, 1000)); // a second copy, if any, comes right behind the first
    const final = reports();
    const label = `fleet ${size}`;
    const via = mode === 'redis' ? '(redis, direct)' : '(laravel-echo-server)';
    const backSeconds = back === undefined ? Number.POSITIVE_INFINITY : back / 1000;
    const peak = peakPerSecond(authTimes);
    const missed = size - (sum(final, 'probes') - sum(final, 'duplicates'));
    return [
      absolute(`${label} all resubscribed after relay restart ${via}`, backSeconds, 's', '≤ 30 s', backSeconds <= 30),
      absolute(`${label} peak /broadcasting/auth per second ${via}`, peak, 'req/s', '≤ 250', peak <= 250),
      absolute(`${label} duplicates ${via}`, sum(final, 'duplicates'), 'events', '= 0', sum(final, 'duplicates') === 0),
      absolute(`${label} gave up ${via}`, sum(final, 'gaveUp'), 'desktops', '= 0', sum(final, 'gaveUp') === 0),
      absolute(`${label} probe missed after restart ${via}`, missed, 'events', 'info', true),
    ];
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await publisher.close();
    await echo?.stop();
    await laravel.stop();
    await redis.stop();
  }
}
