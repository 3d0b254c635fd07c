import { Redis } from 'ioredis';
import { publishAsLaravel } from '../publish/laravel-publisher.js';
import type { Profile } from '../profile/profile.js';
import { redactUrl } from '../util/redact-url.js';
import { status, UsageError, EXIT, type CliIo } from './cli-io.js';

export interface PublishOptions {
  readonly profile: Profile;
  readonly channels: readonly string[];
  readonly event: string;
  readonly data: string;
  readonly redisUrl: string | undefined;
  readonly prefix: string | undefined;
  readonly socket: string | undefined;
}

/** `echo-tray publish`: the admin's test tool, PUBLISHing exactly as Laravel's RedisBroadcaster. */
export async function publishCommand(opts: PublishOptions, io: CliIo): Promise<number> {
  let data: unknown;
  try {
    data = JSON.parse(opts.data);
  } catch (err) {
    throw new UsageError(`--data is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError('--data must be a JSON object, like \'{"msg":"hi"}\'');
  }
  if (opts.channels.length === 0) throw new UsageError('--channel is required');
  const target = opts.profile.redis;
  const url = opts.redisUrl ?? target?.url;
  if (url === undefined) {
    throw new UsageError('no Redis to publish to: pass --redis redis://host:6379, or add "redis": {"url": …, "prefix": …} to the profile');
  }
  const prefix = opts.prefix ?? target?.prefix ?? 'laravel_database_';
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await publishAsLaravel(
      redis,
      prefix,
      { channels: opts.channels, event: opts.event, data: data as Record<string, unknown>, socket: opts.socket ?? null },
    );
  } catch (err) {
    status(io, `publish failed: cannot reach Redis ${redactUrl(url)}: ${(err as Error).message}`);
    return EXIT.failure;
  } finally {
    redis.disconnect();
  }
  status(io, `published ${opts.event} to ${opts.channels.map((c) => prefix + c).join(', ')}`);
  return EXIT.ok;
}
