import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { LaravelClient } from '../../app/auth/laravel-client.js';
import { openSession } from '../../app/auth/session.js';
import { EchoCore, type Delivery } from '../../app/core/echo-core.js';
import { MemoryLogger } from '../../app/log.js';
import { parseProfile, type Profile } from '../../app/profile/profile.js';
import type { ChannelStatus } from '../../app/transport/transport.js';
import { startEchoServer, type EchoServer } from './echo-server.js';
import { collect, once, type Collector } from './events.js';
import { FakeLaravel, type FakeLaravelOptions } from './fake-laravel.js';
import { LaravelPublisher } from './laravel-broadcast.js';
import { startRedis, type RedisServer } from './redis-server.js';

export const ALICE = { id: 8164, name: 'Alice', email: 'alice@example.test', password: 'secret' } as const;
export const BOB = { id: 42, name: 'Bob', email: 'bob@example.test', password: 'hunter2' } as const;

export type Mode = 'socket.io' | 'redis';

/** A real redis-server, a real laravel-echo-server and the fake Laravel app, all on loopback. */
export interface Stack {
  readonly redis: RedisServer;
  readonly laravel: FakeLaravel;
  readonly echo: EchoServer | undefined;
  readonly dir: string;
  /** A profile JSON object for this stack, as IT would write it. */
  profileJson(mode: Mode, overrides?: Record<string, unknown>): Record<string, unknown>;
  writeProfile(mode: Mode, overrides?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Start laravel-echo-server (default true). */
  readonly echo?: boolean;
  /** Its devMode, which logs every event into this process's output reader (default true: tests read those lines). */
  readonly echoDevMode?: boolean;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const redis = await startRedis();
  const laravel = new FakeLaravel({ users: [ALICE, BOB] });
  await laravel.start();
  laravel.allowChannel(/^poster_room$/, () => true);
  const echo = opts.echo === false
    ? undefined
    : await startEchoServer({ redisPort: redis.port, authHost: laravel.url, devMode: opts.echoDevMode ?? true });
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-stack-'));
  let profiles = 0;
  const profileJson = (mode: Mode, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    name: 'Acme test',
    laravel: { url: laravel.url, login: '/api/login', me: '/api/user', authEndpoint: '/broadcasting/auth' },
    connection:
      mode === 'redis'
        ? { broadcaster: 'redis', url: redis.url, prefix: 'laravel_database_', reconnectionDelay: 50, reconnectionDelayMax: 400 }
        : { broadcaster: 'socket.io', host: echo?.url ?? 'http://127.0.0.1:9', reconnectionDelay: 50, reconnectionDelayMax: 400 },
    redis: { url: redis.url, prefix: 'laravel_database_' },
    channels: ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}', 'poster_room'],
    ...overrides,
  });
  return {
    redis,
    laravel,
    echo,
    dir,
    profileJson,
    async writeProfile(mode, overrides) {
      const path = join(dir, `profile-${++profiles}.json`);
      await writeFile(path, JSON.stringify(profileJson(mode, overrides), null, 2));
      return path;
    },
    async stop() {
      await echo?.stop();
      await laravel.stop();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Registers the enclosing `describe`'s before/after hooks that start and stop one fake Laravel for all its tests. */
export function fakeLaravelForSuite(opts: FakeLaravelOptions): FakeLaravel {
  const laravel = new FakeLaravel(opts);
  before(() => laravel.start());
  after(() => laravel.stop());
  return laravel;
}

/** A suite's stack and a publisher on its Redis, both alive from the suite's `before` to its `after`. */
export interface SuiteStack {
  readonly stack: Stack;
  readonly publisher: LaravelPublisher;
}

/**
 * Registers the enclosing `describe`'s before/after hooks that start and stop one stack (and a publisher on its Redis)
 * for all its tests; call the returned accessor inside a test or hook.
 */
export function stackForSuite(opts: StackOptions = {}): () => SuiteStack {
  let current: SuiteStack | undefined;
  let publisher: LaravelPublisher | undefined;
  before(async () => {
    const stack = await startStack(opts);
    // Made on first use: a suite that never publishes opens no extra Redis connection.
    current = { stack, get publisher() { return (publisher ??= new LaravelPublisher(stack.redis.url)); } };
  });
  after(async () => {
    await publisher?.close();
    await current?.stack.stop();
    publisher = undefined;
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error('stackForSuite: the stack runs only between its suite\'s before and after hooks');
    return current;
  };
}

/** The core running in-process, with collectors on everything it tells. */
export interface RunningCore {
  readonly core: EchoCore;
  readonly profile: Profile;
  readonly logger: MemoryLogger;
  readonly notifications: Collector<[Delivery]>;
  readonly channels: Collector<[ChannelStatus]>;
  /** Resolves when every listed channel reached `state` (default: all profile channels subscribed). */
  settled(channels?: readonly string[], state?: ChannelStatus['state'], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface RunCoreOptions {
  readonly user?: { email: string; password: string };
  readonly token?: string;
}

export async function runCore(
  stack: Stack,
  mode: Mode,
  opts: RunCoreOptions & { overrides?: Record<string, unknown> } = {},
): Promise<RunningCore> {
  return runCoreWithProfile(stack.profileJson(mode, opts.overrides), opts);
}

/** The core for any profile JSON (any broadcaster), logged in as `opts.user` (default Alice) or with `opts.token`. */
export async function runCoreWithProfile(profileJson: Record<string, unknown>, opts: RunCoreOptions = {}): Promise<RunningCore> {
  const { profile } = parseProfile(profileJson);
  const laravel = new LaravelClient(profile.laravel);
  const user = opts.user ?? ALICE;
  const session = await openSession(
    laravel,
    opts.token !== undefined ? { token: opts.token } : { email: user.email, password: user.password },
  );
  const logger = new MemoryLogger();
  const core = new EchoCore({ profile, session, laravel, logger });
  const notifications = collect<[Delivery]>(core, 'notification');
  const channels = collect<[ChannelStatus]>(core, 'channel');
  core.start();
  const settled = async (
    list = core.profileChannels(),
    state: ChannelStatus['state'] = 'subscribed',
    timeoutMs = 10_000,
  ): Promise<void> => {
    const done = (): boolean => list.every((c) => core.channels().find((s) => s.channel === c)?.state === state);
    if (done()) return;
    await once(core, 'channel', { timeoutMs, filter: () => done(), context: () => JSON.stringify(core.channels()) });
  };
  return {
    core,
    profile,
    logger,
    notifications,
    channels,
    settled,
    async stop() {
      notifications.stop();
      channels.stop();
      await core.stop();
    },
  };
}
