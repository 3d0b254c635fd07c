import { LARAVEL_DEFAULT_REDIS_PREFIX } from '../profile/profile.js';

/** A message seen on `PSUBSCRIBE *` that looks like one of Laravel's broadcasts. */
export interface ObservedBroadcast {
  /** The Redis channel, key prefix included. */
  readonly redisChannel: string;
  readonly event: string;
}

export interface PrefixFinding {
  /** Prefixes seen, most frequent first, with how often and one channel as an example. */
  readonly prefixes: readonly { readonly prefix: string; readonly count: number; readonly example: string }[];
  /** Broadcasts on channels that neither match the profile nor carry `private-`/`presence-`. */
  readonly unattributed: readonly string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The broadcast envelope Laravel's RedisBroadcaster publishes: `{"event", "data", "socket"}`. */
export function laravelEnvelopeEvent(message: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const rec = value as Record<string, unknown>;
  if (typeof rec.event !== 'string' || !('data' in rec) || !('socket' in rec)) return undefined;
  return rec.event;
}

/**
 * The key prefix in front of a Laravel channel name: matched against the profile's channel
 * templates (`{userId}` standing for any id), else cut before `private-` / `presence-`.
 */
export function prefixOf(redisChannel: string, templates: readonly string[]): string | undefined {
  for (const template of templates) {
    const pattern = escapeRegExp(template).replaceAll(escapeRegExp('{userId}'), '[^.]+');
    const m = new RegExp(`^(.*?)${pattern}$`, 's').exec(redisChannel);
    if (m) return m[1] ?? '';
  }
  const at = redisChannel.search(/private-|presence-/);
  return at >= 0 ? redisChannel.slice(0, at) : undefined;
}

export function findPrefixes(seen: readonly ObservedBroadcast[], templates: readonly string[]): PrefixFinding {
  const counts = new Map<string, { count: number; example: string }>();
  const unattributed: string[] = [];
  for (const s of seen) {
    const prefix = prefixOf(s.redisChannel, templates);
    if (prefix === undefined) {
      if (!unattributed.includes(s.redisChannel)) unattributed.push(s.redisChannel);
      continue;
    }
    const entry = counts.get(prefix);
    if (entry) entry.count++;
    else counts.set(prefix, { count: 1, example: s.redisChannel });
  }
  const prefixes = [...counts.entries()].map(([prefix, v]) => ({ prefix, ...v })).sort((a, b) => b.count - a.count);
  return { prefixes, unattributed };
}

export function quoted(prefix: string): string {
  return JSON.stringify(prefix);
}

/** Where Laravel takes its prefix from, for the fix line. */
export const PREFIX_SOURCE = `Laravel takes it from REDIS_PREFIX in .env (config/database.php, redis.options.prefix; default `
  + `"${LARAVEL_DEFAULT_REDIS_PREFIX}" for APP_NAME=Laravel)`;
