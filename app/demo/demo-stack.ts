import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LaravelClient } from '../auth/laravel-client.js';
import { loadProfile } from '../profile/load-profile.js';
import type { Profile } from '../profile/profile.js';
import { DemoLaravel, type DemoUser } from './demo-laravel.js';
import { startEchoServer, type EchoServer } from './servers/echo-server.js';
import { forgetTempDir, registerTempDir } from './servers/process-handle.js';
import { startRedis, type RedisServer } from './servers/redis-server.js';

/** The demo's signed-in user and a second user whose events must never reach the first. */
export const DEMO_USER: DemoUser = { id: 1001, name: 'Dana Demo', email: 'dana@demo.invalid', password: 'demo' };
export const OTHER_USER: DemoUser = { id: 1002, name: 'Omar Other', email: 'omar@demo.invalid', password: 'other' };

export const DEMO_REDIS_PREFIX = 'laravel_database_';
export const DEMO_POSTER_CHANNEL = 'poster_room';

/** The demo's server side: a real redis-server and laravel-echo-server and the DEMO Laravel stand-in. */
export interface DemoStack {
  readonly redis: RedisServer;
  readonly echo: EchoServer;
  readonly laravel: DemoLaravel;
  /** The demo's temp dir (profile inside); removed by stop(). */
  readonly dir: string;
  readonly profilePath: string;
  readonly profile: Profile;
  /** A bearer token of {@link DEMO_USER}, from a real login against the stand-in. */
  readonly token: string;
  /** Process ids of the servers it started (for leak checks). */
  pids(): number[];
  /** Stops everything it started and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

function demoProfileJson(laravelUrl: string, echoUrl: string, redisUrl: string): Record<string, unknown> {
  return {
    name: 'Echo Tray demo',
    laravel: {
      url: laravelUrl,
      login: '/api/login',
      me: '/api/user',
      authEndpoint: '/broadcasting/auth',
      refresh: '/api/refresh',
      notifications: '/api/notifications',
      markRead: '/api/notifications/{id}/read',
    },
    connection: { broadcaster: 'socket.io', host: echoUrl },
    redis: { url: redisUrl, prefix: DEMO_REDIS_PREFIX },
    channels: [
      // Labels are what staff read in the window and the notifications; the raw names stay in the details.
      { name: 'private-todoevent.updated.{userId}', label: { en: 'My to-dos', 'zh-CN': '我的待办' } },
      'private-App.Models.User.{userId}',
      { name: DEMO_POSTER_CHANNEL, label: { en: 'Staff room posters', 'zh-CN': '员工休息室海报' } },
    ],
  };
}

/**
 * Starts the demo's server side on free 127.0.0.1 ports, writes its profile to a new temp dir and logs
 * the demo user in. Whatever was started before a failure is stopped again.
 */
export async function startDemoStack(): Promise<DemoStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'echo-tray-demo-'));
    // Also removed if the process ends without stop() (an uncaught error), like the servers' own dirs.
    registerTempDir(dir);
    stops.push(async () => {
      await rm(dir, { recursive: true, force: true });
      forgetTempDir(dir);
    });
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const laravel = new DemoLaravel({ users: [DEMO_USER, OTHER_USER], redisPrefix: DEMO_REDIS_PREFIX });
    await laravel.start();
    stops.push(() => laravel.stop());
    const echo = await startEchoServer({ redisPort: redis.port, authHost: laravel.url, keyPrefix: DEMO_REDIS_PREFIX, devMode: false });
    stops.push(() => echo.stop());
    const profilePath = join(dir, 'profile.json');
    await writeFile(profilePath, `${JSON.stringify(demoProfileJson(laravel.url, echo.url, redis.url), null, 2)}\n`);
    const { profile } = await loadProfile(profilePath);
    const token = await new LaravelClient(profile.laravel).login(DEMO_USER.email, DEMO_USER.password);
    let stopped: Promise<void> | undefined;
    return {
      redis,
      echo,
      laravel,
      dir,
      profilePath,
      profile,
      token,
      pids: () => [redis.process.pid, echo.process.pid].filter((pid): pid is number => pid !== undefined),
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
