import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ManagedServerBase, type ManagedServer } from './managed-server.js';
import { freePort } from './ports.js';
import { ProcessHandle, forgetTempDir, registerTempDir } from './process-handle.js';

export interface StartRedisOptions {
  /** Fixed port; default: a free one (retried if another process grabs it first). */
  readonly port?: number;
  /** Extra redis-server arguments, e.g. ['--requirepass', 'secret']. */
  readonly extraArgs?: readonly string[];
  /** redis-server binary (default /usr/bin/redis-server, else `redis-server` on PATH). */
  readonly binary?: string;
  /** How long to wait for "Ready to accept connections" (default 10 s). */
  readonly readyTimeoutMs?: number;
}

export type RedisServer = ManagedServer;

const READY = /Ready to accept connections/;

function defaultBinary(): string {
  return existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
}

class RedisServerImpl extends ManagedServerBase {
  constructor(
    port: number,
    dir: string,
    proc: ProcessHandle,
    private readonly binary: string,
    private readonly extraArgs: readonly string[],
    private readonly readyTimeoutMs: number,
  ) {
    super(port, `redis://127.0.0.1:${port}`, dir, proc);
  }

  protected async relaunch(): Promise<ProcessHandle> {
    if (this.stopped) {
      this.dir = await makeDir();
      this.stopped = false;
    }
    return launch(this.binary, this.port, this.dir, this.extraArgs, this.readyTimeoutMs);
  }
}

async function makeDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-redis-'));
  registerTempDir(dir);
  return dir;
}

async function launch(
  binary: string,
  port: number,
  dir: string,
  extraArgs: readonly string[],
  readyTimeoutMs: number,
): Promise<ProcessHandle> {
  const proc = ProcessHandle.spawn({
    name: `redis-server :${port}`,
    command: binary,
    args: [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--dir', dir,
      '--logfile', '',
      '--daemonize', 'no',
      ...extraArgs,
    ],
    cwd: dir,
  });
  try {
    await proc.waitForOutput(READY, readyTimeoutMs);
  } catch (err) {
    await proc.kill9();
    throw err;
  }
  return proc;
}

/**
 * Start a throw-away redis-server bound to 127.0.0.1 (no persistence, data dir under os.tmpdir()).
 * Resolves once it printed "Ready to accept connections".
 */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = opts.binary ?? defaultBinary();
  const extraArgs = opts.extraArgs ?? [];
  const readyTimeoutMs = opts.readyTimeoutMs ?? 10_000;
  const dir = await makeDir();
  const attempts = opts.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      const proc = await launch(binary, port, dir, extraArgs, readyTimeoutMs);
      return new RedisServerImpl(port, dir, proc, binary, extraArgs, readyTimeoutMs);
    } catch (err) {
      lastError = err;
      // Only a lost port race is worth another try.
      if (!(err instanceof Error) || !/Address already in use/i.test(err.message)) break;
    }
  }
  forgetTempDir(dir);
  await rm(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

export interface WaitForSubscriberOptions {
  /** Wait until at least `min` patterns are psubscribed (PUBSUB NUMPAT, all clients). */
  readonly pattern?: boolean;
  /** Wait until `channel` has at least `min` subscribers (PUBSUB NUMSUB). */
  readonly channel?: string;
  /** Default 1. */
  readonly min?: number;
  /** Default 5 s. */
  readonly timeoutMs?: number;
}

/**
 * Wait, without polling, until a client (e.g. laravel-echo-server after a Redis restart, or the
 * app's redis transport) has (p)subscribed: a MONITOR connection reports every SUBSCRIBE/PSUBSCRIBE,
 * and PUBSUB NUMPAT/NUMSUB is checked once MONITOR is attached and again on each such command.
 */
export async function waitForSubscriber(redisUrl: string, opts: WaitForSubscriberOptions): Promise<void> {
  const min = opts.min ?? 1;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  if (!opts.pattern && opts.channel === undefined) throw new Error('waitForSubscriber: give pattern: true or a channel');
  // Redis announces no subscription, and MONITOR trips ioredis' command queue under load, so this
  // asks PUBSUB after each of its own answers until the count is reached or the time is up.
  const query = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  query.on('error', () => undefined);
  const count = async (): Promise<number> => {
    if (opts.pattern) return Number(await query.pubsub('NUMPAT'));
    const reply = await query.pubsub('NUMSUB', opts.channel ?? '');
    return Number(reply[1] ?? 0);
  };
  const what = opts.pattern ? `${min} pattern subscription(s)` : `${min} subscriber(s) of ${opts.channel}`;
  const deadline = performance.now() + timeoutMs;
  try {
    await query.connect();
    let n = await count();
    while (n < min) {
      if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${redisUrl} (have ${n})`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      n = await count();
    }
  } finally {
    query.disconnect();
  }
}
