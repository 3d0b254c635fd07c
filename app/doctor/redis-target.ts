import { Redis, type RedisOptions } from 'ioredis';
import type { Profile, RedisSentinel } from '../profile/profile.js';
import { credentialsOf } from '../transport/redis-url.js';
import { redactUrl } from '../util/redact-url.js';

/** The Redis Laravel publishes to, as the doctor reaches it (Sentinel-aware in Redis mode). */
export interface RedisTarget {
  readonly url: string;
  readonly sentinels: readonly RedisSentinel[];
  readonly name: string | undefined;
  readonly prefix: string;
  /** For messages, without the password. */
  readonly label: string;
}

/** `--redis`/`--prefix` first, then the Redis connection (Redis mode), then the profile's `redis`. */
export function redisTargetOf(
  profile: Profile,
  override: { url?: string | undefined; prefix?: string | undefined } = {},
): RedisTarget | undefined {
  const c = profile.connection;
  const fromConnection = c.broadcaster === 'redis' ? c : undefined;
  const url = override.url ?? fromConnection?.url ?? profile.redis?.url;
  if (url === undefined) return undefined;
  const prefix = override.prefix ?? fromConnection?.prefix ?? profile.redis?.prefix ?? 'laravel_database_';
  const sentinels = override.url === undefined ? (fromConnection?.sentinels ?? []) : [];
  const name = sentinels.length > 0 ? fromConnection?.name : undefined;
  const label = sentinels.length > 0
    ? `master "${name ?? 'mymaster'}" of Sentinel ${sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`
    : redactUrl(url);
  return { url, sentinels, name, prefix, label };
}

/** A short-lived client that fails fast instead of retrying: the doctor reports, it does not wait. */
export function connectOnce(target: RedisTarget, timeoutMs: number): Redis {
  const common: RedisOptions = {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  };
  const redis =
    target.sentinels.length > 0
      ? new Redis({
        ...common,
        ...credentialsOf(target.url),
        sentinels: target.sentinels.map((s) => ({ host: s.host, port: s.port })),
        name: target.name ?? 'mymaster',
        sentinelRetryStrategy: () => null,
      })
      : new Redis(target.url, common);
  redis.on('error', () => undefined);
  return redis;
}
