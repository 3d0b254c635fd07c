// Fault: Redis Sentinel fails over. A master, its replica and three sentinels (Debian's
// redis-sentinel) on loopback; the notifier's profile names the sentinels and the master, as
// ioredis takes them. The master is killed: the sentinels promote the replica, the notifier
// follows the new master, subscribes again and keeps receiving, and says events may have been lost.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConnectionStatus } from '../../app/transport/transport.js';
import { once } from '../support/events.js';
import { LaravelPublisher } from '../support/laravel-broadcast.js';
import { freePort } from '../support/ports.js';
import { ProcessHandle, forgetTempDir, registerTempDir } from '../support/process-handle.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { ALICE, runCore, startStack, type Stack } from '../support/stack.js';

const MASTER = 'mymaster';
const MINE = `private-todoevent.updated.${ALICE.id}`;
const SENTINEL_BIN = existsSync('/usr/bin/redis-sentinel') ? '/usr/bin/redis-sentinel' : 'redis-sentinel';

interface Sentinel {
  readonly port: number;
  readonly process: ProcessHandle;
}

async function startSentinel(dir: string, index: number, masterPort: number): Promise<Sentinel> {
  const port = await freePort();
  const conf = join(dir, `sentinel-${index}.conf`);
  // Sentinel rewrites its own config file: it has to be writable.
  await writeFile(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      'daemonize no',
      'logfile ""',
      `dir ${dir}`,
      `sentinel monitor ${MASTER} 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds ${MASTER} 500`,
      `sentinel failover-timeout ${MASTER} 5000`,
      `sentinel parallel-syncs ${MASTER} 1`,
      '',
    ].join('\n'),
  );
  const proc = ProcessHandle.spawn({ name: `redis-sentinel :${port}`, command: SENTINEL_BIN, args: [conf], cwd: dir });
  await proc.waitForOutput(new RegExp(`\\+monitor master ${MASTER} 127\\.0\\.0\\.1 ${masterPort}`), 10_000);
  return { port, process: proc };
}

/** Resolves once `count` lines of the process (so far or from now on) match `pattern`. */
function linesMatching(proc: ProcessHandle, pattern: RegExp, count: number, timeoutMs: number): Promise<void> {
  let seen = proc.output().filter((l) => pattern.test(l)).length;
  if (seen >= count) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${count} lines matching ${pattern}. ${proc.describe()}`));
    }, timeoutMs);
    const off = proc.onLine((line) => {
      if (!pattern.test(line) || ++seen < count) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('fault: Redis Sentinel fails over to the replica', () => {
  let stack: Stack;
  let replica: RedisServer;
  let dir: string;
  const sentinels: Sentinel[] = [];
  before(async () => {
    stack = await startStack({ echo: false });
    replica = await startRedis({ extraArgs: ['--replicaof', '127.0.0.1', String(stack.redis.port)] });
    await replica.process.waitForOutput(/MASTER <-> REPLICA sync: Finished with success/, 10_000);
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-sentinel-'));
    registerTempDir(dir);
    for (let i = 0; i < 3; i++) sentinels.push(await startSentinel(dir, i, stack.redis.port));
    // Failover needs a majority of sentinels that know each other (hello messages through the master).
    await Promise.all(sentinels.map((s) => linesMatching(s.process, /\+sentinel sentinel .* @ mymaster /, sentinels.length - 1, 15_000)));
    await Promise.all(sentinels.map((s) => s.process.waitForOutput(new RegExp(`\\+slave slave 127\\.0\\.0\\.1:${replica.port} `), 15_000)));
  });
  after(async () => {
    for (const s of sentinels) await s.process.stop();
    await replica?.stop();
    await stack?.stop();
    if (dir) {
      forgetTempDir(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the master is killed: the notifier follows the new master, resubscribes and keeps receiving', async (t) => {
    const connection = {
      broadcaster: 'redis',
      url: 'redis://127.0.0.1',
      sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      name: MASTER,
      reconnectionDelay: 50,
      reconnectionDelayMax: 400,
    };
    const run = await runCore(stack, 'redis', { overrides: { connection } });
    const oldMaster = new LaravelPublisher(stack.redis.url);
    const newMaster = new LaravelPublisher(replica.url);
    t.after(async () => {
      await newMaster.close();
      await run.stop();
    });
    await run.settled();
    await oldMaster.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'via the first master' } });
    await run.notifications.waitFor((d) => d.notification.body === 'via the first master', 5_000);
    await oldMaster.close();

    const lost = once(run.core, 'connection', { timeoutMs: 5_000, filter: (s) => (s as ConnectionStatus).state === 'reconnecting' });
    const switched = sentinels[0]?.process.waitForOutput(
      new RegExp(`\\+switch-master ${MASTER} 127\\.0\\.0\\.1 ${stack.redis.port} 127\\.0\\.0\\.1 ${replica.port}`),
      30_000,
    );
    await stack.redis.kill9();
    await lost;
    await switched;
    await run.settled([MINE, 'poster_room'], 'subscribed', 20_000);
    for (const body of ['via the new master #1', 'via the new master #2']) {
      await newMaster.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: body } });
    }
    await run.notifications.waitFor((d) => d.notification.body === 'via the new master #2', 5_000);
    assert.deepEqual(
      run.notifications.items.map(([d]) => d.notification.body),
      ['via the first master', 'via the new master #1', 'via the new master #2'],
    );
    assert.ok(
      run.logger.lines.some((l) => l.level === 'warn'
        && /^redis: Redis restarted or failed over to another server: events may have been lost/.test(l.message)),
      JSON.stringify(run.logger.lines.filter((l) => l.level === 'warn')),
    );
  });
});
