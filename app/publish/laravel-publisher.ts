import { type Redis } from 'ioredis';

/** Laravel 8+'s RedisBroadcaster::broadcastMultipleChannelsScript(), verbatim. */
export const LARAVEL_BROADCAST_SCRIPT = `
for i = 2, #ARGV do
  redis.call('publish', ARGV[i], ARGV[1])
end
`;

export interface LaravelBroadcast {
  readonly channels: readonly string[];
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The X-Socket-ID of the sender (`->toOthers()`); null for a server-side broadcast. */
  readonly socket?: string | null;
}

/**
 * The exact payload RedisBroadcaster publishes. PHP builds the `data` element before `Arr::pull`
 * removes `socket` from the payload, so `data` keeps its own `socket` key.
 */
export function laravelEnvelope(b: LaravelBroadcast): string {
  const socket = b.socket ?? null;
  return JSON.stringify({ event: b.event, data: { ...b.data, socket }, socket });
}

/** PUBLISHes a broadcast exactly as Laravel does: one EVAL, one PUBLISH per `<prefix><channel>`. */
export async function publishAsLaravel(redis: Redis, prefix: string, b: LaravelBroadcast): Promise<void> {
  if (b.channels.length === 0) throw new Error('publish: at least one channel is needed');
  await redis.eval(LARAVEL_BROADCAST_SCRIPT, 0, laravelEnvelope(b), ...b.channels.map((c) => prefix + c));
}
