import type { Redis } from 'ioredis';
import { fail, pass, type DoctorCheck } from './check.js';
import { errorReason } from '../util/error-reason.js';
import { findPrefixes, laravelEnvelopeEvent, PREFIX_SOURCE, quoted, type ObservedBroadcast } from './prefix.js';
import { connectOnce, type RedisTarget } from './redis-target.js';

export interface RedisOutcome {
  readonly check: DoctorCheck;
  readonly redis: Redis | undefined;
}

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** Connects, PINGs and reads the server's version and role. Keeps the connection for the next hops. */
export async function checkRedis(name: string, target: RedisTarget, timeoutMs: number): Promise<RedisOutcome> {
  const redis = connectOnce(target, timeoutMs);
  let socketError: string | undefined;
  redis.on('error', (err: Error) => (socketError ??= errorReason(err, timeoutMs)));
  try {
    await redis.connect();
    await redis.ping();
    const info = await redis.info('server');
    const replication = await redis.info('replication');
    const version = infoField(info, 'redis_version') ?? '?';
    const role = infoField(replication, 'role') ?? '?';
    if (role !== 'master') {
      redis.disconnect();
      return {
        check: fail(
          name,
          `${target.label} is a Redis ${version} ${role}: what Laravel publishes to its master does reach it, but a replica is read-only `
            + `and may lag or be promoted`,
          'point the profile at the master (or at Sentinel: connection.sentinels + connection.name)',
        ),
        redis: undefined,
      };
    }
    return { check: pass(name, `${target.label} answers PING (Redis ${version}, ${role})`), redis };
  } catch (err) {
    redis.disconnect();
    // ioredis rejects connect() with "Connection is closed."; the socket's own error says why.
    const reason = socketError ?? errorReason(err, timeoutMs);
    const fix = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(reason)
      ? 'put the Redis password in the URL: redis://:PASSWORD@host:6379'
      : target.sentinels.length > 0
        ? 'check connection.sentinels and connection.name (the master name Sentinel knows, e.g. "mymaster")'
        : 'check the Redis URL in the profile, that Redis listens on that address (bind, protected-mode) and that the firewall lets this '
          + 'machine in';
    return { check: fail(name, `cannot reach ${target.label}: ${reason}`, fix), redis: undefined };
  }
}

/** Everything Laravel-shaped published on Redis while it watched, seen through `PSUBSCRIBE *`. */
export class BroadcastWatcher {
  readonly seen: ObservedBroadcast[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(private readonly redis: Redis) {}

  static async start(target: RedisTarget, timeoutMs: number): Promise<BroadcastWatcher> {
    const redis = connectOnce(target, timeoutMs);
    const watcher = new BroadcastWatcher(redis);
    redis.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => {
      if (watcher.seen.length >= 10_000 || message.length > 1024 * 1024) return;
      const event = laravelEnvelopeEvent(message.toString('utf8'));
      if (event === undefined) return;
      watcher.seen.push({ redisChannel: channel.toString('utf8'), event });
      for (const w of [...watcher.waiters]) w();
    });
    try {
      await redis.connect();
      await redis.psubscribe('*');
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    return watcher;
  }

  /** Resolves once a broadcast on this exact Redis channel was seen, or after `timeoutMs` (false). */
  sawOn(redisChannel: string, timeoutMs: number): Promise<boolean> {
    const found = (): boolean => this.seen.some((s) => s.redisChannel === redisChannel);
    if (found()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
      };
      const waiter = (): void => {
        if (found()) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  stop(): void {
    this.redis.disconnect();
  }
}

export interface PrefixCheckInput {
  readonly target: RedisTarget;
  /** The profile's channel templates (`{userId}` kept). */
  readonly templates: readonly string[];
  /** Broadcasts seen, the doctor's own probes excluded. */
  readonly seen: readonly ObservedBroadcast[];
  readonly watchedMs: number;
  /** Redis mode: the notifier subscribes with this prefix; else the relay must strip it. */
  readonly redisMode: boolean;
}

/** "Your profile says X, the server uses Y": the prefix the app's own broadcasts carry. */
export function checkPrefix(input: PrefixCheckInput): DoctorCheck {
  const expected = input.target.prefix;
  const { prefixes, unattributed } = findPrefixes(input.seen, input.templates);
  const key = input.redisMode ? 'connection.prefix' : 'redis.prefix';
  if (prefixes.length === 0 && input.watchedMs <= 0) {
    return pass('prefix', `not watched (--watch 0): the profile says ${quoted(expected)}`);
  }
  if (prefixes.length === 0) {
    const others = unattributed.length > 0
      ? ` (only on channels the profile does not name: ${unattributed.slice(0, 3).map(quoted).join(', ')})`
      : '';
    return pass(
      'prefix',
      `not confirmed: no broadcast from the app seen on Redis in ${Math.round(input.watchedMs / 1000)} s${others}; the profile says `
        + `${quoted(expected)}. To confirm, run the doctor with --watch 30 and make the app broadcast meanwhile`,
    );
  }
  const ours = prefixes.find((p) => p.prefix === expected);
  if (ours) {
    const also = prefixes.filter((p) => p !== ours).map((p) => quoted(p.prefix));
    return pass(
      'prefix',
      `the app publishes with ${quoted(expected)}, as the profile says (${ours.count} broadcast(s), e.g. on `
        + `${quoted(ours.example)})${also.length > 0 ? `; also seen on this Redis: ${also.join(', ')} (another app?)` : ''}`,
    );
  }
  const top = prefixes[0];
  if (top === undefined) return pass('prefix', `the profile says ${quoted(expected)}`);
  const relay = input.redisMode ? '' : ', and laravel-echo-server\'s databaseConfig.redis.keyPrefix must be the same';
  return fail(
    'prefix',
    `your profile says ${quoted(expected)}, the server uses ${quoted(top.prefix)} (${top.count} broadcast(s), e.g. on `
      + `${quoted(top.example)})`,
    `set ${key} to ${quoted(top.prefix)} in the profile${relay}. ${PREFIX_SOURCE}`,
  );
}
