// Fault: Redis cuts off a pub/sub subscriber whose output buffer passes
// `client-output-buffer-limit pubsub 32mb 8mb 60` (the default). A burst must not trip it: the
// notifier reads its socket while it works through the burst (history written on the way).
// Cut off anyway, it must say that events were lost, and subscribe again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { HistoryStore } from '../../app/history/history-store.js';
import type { ConnectionStatus } from '../../app/transport/transport.js';
import { startCli, stopAtEnd } from '../support/cli.js';
import { collect } from '../support/events.js';
import { LaravelPublisher } from '../support/laravel-broadcast.js';
import { ALICE, runCore, startStack, type Stack } from '../support/stack.js';

const BURST_PUBLISHER = fileURLToPath(new URL('../support/burst-publisher.js', import.meta.url));
const CUT_OFF = /scheduled to be closed ASAP for overcoming of output buffer limits/;

/** Publishes `count` Laravel broadcasts of `bytes` each from another process, as fast as Redis takes them. */
function burst(redisUrl: string, channel: string, count: number, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BURST_PUBLISHER, redisUrl, channel, String(count), String(bytes)],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`burst publisher exited with ${code}: ${stderr}`))));
  });
}

async function pubsubClientIds(redis: Redis): Promise<string[]> {
  const list = String(await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
  return list.split('\n').map((l) => /^id=(\d+)/.exec(l)?.[1]).filter((id): id is string => id !== undefined);
}

describe('fault: Redis pub/sub output buffer limit', () => {
  let stack: Stack;
  let admin: Redis;
  let dir: string;
  before(async () => {
    stack = await startStack({ echo: false });
    admin = new Redis(stack.redis.url);
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-burst-'));
  });
  after(async () => {
    admin.disconnect();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a burst of 100,000 1 KB events in Redis mode does not trip "pubsub 32mb 8mb 60"; all delivered, history written', async (t) => {
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 33554432 8388608 60');
    const run = await runCore(stack, 'redis', { overrides: { channels: ['poster_room'] } });
    run.notifications.stop(); // 100,000 deliveries are counted, not kept
    const history = await HistoryStore.open(join(dir, 'history.jsonl'), { cap: 10_000, logger: run.logger });
    let connection = collect<[ConnectionStatus]>(run.core, 'connection');
    const N = 100_000;
    let delivered = 0;
    let lastSeq = -1;
    let outOfOrder = 0;
    const all = new Promise<void>((resolve) => {
      run.core.on('notification', ({ notification, event }) => {
        history.append(notification);
        const seq = event.data.seq;
        if (typeof seq === 'number') {
          if (seq !== lastSeq + 1) outOfOrder++;
          lastSeq = seq;
        }
        if (++delivered === N) resolve();
      });
    });
    t.after(async () => {
      connection.stop();
      await run.stop();
      await history.close();
    });
    await run.settled();
    connection.stop();
    connection = collect<[ConnectionStatus]>(run.core, 'connection');
    const [subscriber] = await pubsubClientIds(admin);
    const redisLines = stack.redis.process.lineCount();
    await burst(stack.redis.url, 'poster_room', N, 1024);
    const timeout = new Promise<never>((_, reject) => setTimeout(
      () => reject(new Error(`only ${delivered} of ${N} delivered; ${JSON.stringify(connection.items.slice(-3))}`)),
      120_000,
    ).unref());
    await Promise.race([all, timeout]);
    assert.equal(delivered, N);
    assert.equal(outOfOrder, 0, 'delivered in order');
    assert.deepEqual(connection.items.map(([s]) => s.state), [], 'the connection never dropped');
    assert.deepEqual(await pubsubClientIds(admin), [subscriber], 'the same subscriber connection is still there');
    assert.equal(
      stack.redis.process.output().slice(-(stack.redis.process.lineCount() - redisLines)).filter((l) => CUT_OFF.test(l)).length,
      0,
    );
    assert.equal(run.core.stats.overloaded, 0);
    await history.flush();
    assert.equal(history.writeError, null);
    assert.equal(history.size, 10_000);
    assert.equal(history.list({ limit: 1 }).items[0]?.body.startsWith('x'), true);
  });

  it('cut off anyway (a stalled notifier, a small limit): the loss is reported in words and the subscription restored', async (t) => {
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 1048576 524288 1');
    t.after(() => admin.config('SET', 'client-output-buffer-limit', 'pubsub 33554432 8388608 60'));
    const config = await stack.writeProfile('redis', { channels: ['poster_room'] });
    const cli = startCli(
      ['listen', '--config', config, '--email', ALICE.email, '--json', '--no-history'],
      { ECHO_TRAY_PASSWORD: ALICE.password },
    );
    stopAtEnd(t, cli);
    await cli.stderr.nextLine(/^echo-tray: subscribed poster_room$/, 10_000);
    const mark = stack.redis.process.lineCount();
    cli.child.kill('SIGSTOP'); // the notifier stalls (a frozen UI thread, a suspended laptop)
    t.after(() => cli.child.kill('SIGCONT')); // a stopped CLI would never act on the SIGINT
    await burst(stack.redis.url, 'poster_room', 20_000, 1024);
    await stack.redis.process.waitForOutput(CUT_OFF, 10_000, { since: mark });
    cli.child.kill('SIGCONT');
    const report = await cli.stderr.nextLine(/events may have been lost/, 15_000);
    assert.match(
      report,
      new RegExp(/^warn: redis: connection dropped by Redis while it kept running \(most likely its client-output-buffer-limit /.source
        + /for pub\/sub: the notifier fell behind a burst\): events may have been lost/.source),
    );
    await cli.stderr.nextLine(/^echo-tray: subscribed poster_room$/, 10_000);
    const publisher = new LaravelPublisher(stack.redis.url);
    t.after(() => publisher.close());
    await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'after the cut' } });
    const line = await cli.stdout.nextLine((l) => l.includes('after the cut'), 10_000);
    assert.equal((JSON.parse(line) as { body: string }).body, 'after the cut');
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });
});
