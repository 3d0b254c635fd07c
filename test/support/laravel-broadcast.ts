import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * RedisBroadcaster::broadcastMultipleChannelsScript() of Laravel 8, byte for byte:
 * ARGV[1] is the payload, ARGV[2…] the (prefixed) channels.
 */
export const BROADCAST_MULTIPLE_CHANNELS_SCRIPT = `for i = 2, #ARGV do
  redis.call('publish', ARGV[i], ARGV[1])
end`;

export const DEFAULT_REDIS_PREFIX = 'laravel_database_';

export interface LaravelBroadcast {
  /** Channel names as Laravel formats them: 'private-…', 'presence-…' or public names. */
  readonly channels: readonly string[];
  /** Full class name (App\\Events\\TodoEventUpdated) or the broadcastAs() name. */
  readonly event: string;
  /** broadcastWith() or the public properties. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Redis prefix (database.redis.options.prefix); default 'laravel_database_'. May be ''. */
  readonly prefix?: string;
  /** Socket id of the originating request (X-Socket-ID, ->toOthers()); default null. */
  readonly socket?: string | null;
}

/**
 * The JSON Laravel 8 publishes. BroadcastEvent::getPayloadFromEvent adds `socket` to the data, then
 * RedisBroadcaster::broadcast builds `['event' => …, 'data' => $payload, 'socket' =>
 * Arr::pull($payload, 'socket')]`: `data` is copied before the pull, so it keeps its `socket` key.
 */
export function laravelPayload(event: string, data: Readonly<Record<string, unknown>>, socket: string | null = null): string {
  return JSON.stringify({ event, data: { ...data, socket }, socket });
}

/**
 * Publishes exactly as Laravel 8's RedisBroadcaster does (one EVAL of the multi-channel script).
 * Keeps one ioredis connection; close() it when done.
 */
export class LaravelPublisher {
  readonly redis: Redis;
  private readonly prefix: string;

  constructor(redisUrl: string, opts: { prefix?: string } = {}) {
    this.prefix = opts.prefix ?? DEFAULT_REDIS_PREFIX;
    this.redis = new Redis(redisUrl, {
      // Survive a Redis restart between publishes, but fail a publish quickly while it is down.
      maxRetriesPerRequest: 2,
      retryStrategy: (times) => Math.min(times * 50, 500),
      connectTimeout: 2_000,
      lazyConnect: false,
    });
    // Without a listener ioredis prints "Unhandled error event" for every failed reconnect.
    this.redis.on('error', () => undefined);
  }

  /** Returns the published payload (the JSON string every subscriber receives). */
  async publish(broadcast: Omit<LaravelBroadcast, 'prefix'> & { prefix?: string }): Promise<string> {
    if (broadcast.channels.length === 0) return ''; // Laravel returns early on no channels
    const prefix = broadcast.prefix ?? this.prefix;
    const payload = laravelPayload(broadcast.event, broadcast.data, broadcast.socket ?? null);
    const channels = broadcast.channels.map((c) => prefix + c);
    await this.redis.eval(BROADCAST_MULTIPLE_CHANNELS_SCRIPT, 0, payload, ...channels);
    return payload;
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

/** One-shot: connect, publish like Laravel, disconnect. Returns the payload. */
export async function publishAsLaravel(redisUrl: string, broadcast: LaravelBroadcast): Promise<string> {
  const publisher = new LaravelPublisher(redisUrl, broadcast.prefix === undefined ? {} : { prefix: broadcast.prefix });
  try {
    return await publisher.publish(broadcast);
  } finally {
    await publisher.close();
  }
}

export const BROADCAST_NOTIFICATION_CREATED = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';

export interface NotificationPayloadOptions {
  /** The notifiable's class (default App\\Models\\User): the channel is `private-<Class.With.Dots>.<id>`. */
  readonly notifiableClass?: string;
  /** The notification's id (default a random uuid, as Str::uuid()). */
  readonly id?: string;
}

/**
 * What `$user->notify(new SomeNotification)` with via(['broadcast']) broadcasts: event
 * BroadcastNotificationCreated on `private-App.Models.User.<id>`, data = toBroadcast()/toArray()
 * fields + `id` (uuid) + `type` (the notification class, or its broadcastType()).
 * Pass the result to publishAsLaravel / LaravelPublisher.publish.
 */
export function notificationPayload(
  userId: number | string,
  type: string,
  fields: Readonly<Record<string, unknown>>,
  opts: NotificationPayloadOptions = {},
): { channels: string[]; event: string; data: Record<string, unknown> } {
  const notifiable = (opts.notifiableClass ?? 'App\\Models\\User').replace(/\\/g, '.');
  return {
    channels: [`private-${notifiable}.${userId}`],
    event: BROADCAST_NOTIFICATION_CREATED,
    data: { ...fields, id: opts.id ?? randomUUID(), type },
  };
}
