import type { Redis } from 'ioredis';
import { LaravelClient } from '../auth/laravel-client.js';
import type { Credentials, Session } from '../auth/session.js';
import { expandChannel } from '../pipeline/channel-pattern.js';
import type { Profile } from '../profile/profile.js';
import { notChecked, report, type DoctorCheck, type DoctorReport } from './check.js';
import { checkChannelAuth, checkLaravelReachable, checkLogin, isGuardedChannel } from './laravel-checks.js';
import { BroadcastWatcher, checkPrefix, checkRedis } from './redis-checks.js';
import { redisTargetOf } from './redis-target.js';
import { checkRelayConnects } from './relay-connect.js';
import { checkSocketIoRelay } from './relay-probe.js';
import { checkSubscriptionsAndRoundTrip, PROBE_CHANNEL_PREFIX } from './round-trip.js';
import { checkNotifications, checkRefresh, checkRefreshRoute } from './session-checks.js';

export interface DoctorOptions {
  readonly profile: Profile;
  /** How to log in, or why there is no way to (said as the login check's failure). */
  readonly credentials: Credentials | string;
  /** How long to watch Redis for the app's own broadcasts (its key prefix). */
  readonly watchMs: number;
  /** `--redis` / `--prefix`: where to publish the probe, over the profile's. */
  readonly redis?: { readonly url?: string | undefined; readonly prefix?: string | undefined };
  /** Each network step's limit (default 5 s). */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** Progress lines for a person watching (stderr). */
  readonly progress?: (line: string) => void;
}

/** The socket.io-speaking relays (laravel-echo-server, the plain relay) carry host, path and client major. */
function socketIoRelayOf(connection: Profile['connection']): { host: string; path: string; socketio: 2 | 4 | 'auto' } | undefined {
  const c = connection as unknown as Record<string, unknown>;
  const { host, path, socketio } = c;
  if (typeof host !== 'string' || typeof path !== 'string' || (socketio !== 2 && socketio !== 4 && socketio !== 'auto')) return undefined;
  return { host, path, socketio };
}

/**
 * Checks each hop between the Laravel app and this desktop, in order: the app, the login, the
 * channel authorizations, the relay (or Redis), Laravel's key prefix, the subscriptions through
 * the configured transport, and a probe event's round trip. Never throws for a failing hop.
 */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const { profile } = opts;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const now = opts.now ?? (() => new Date());
  const progress = opts.progress ?? (() => undefined);
  const broadcaster: string = profile.connection.broadcaster;
  const checks: DoctorCheck[] = [];
  const laravel = new LaravelClient(profile.laravel, { timeoutMs });

  progress(`checking the Laravel app at ${profile.laravel.url}`);
  const reachable = await checkLaravelReachable(laravel, timeoutMs);
  checks.push(reachable);
  let session: Session | undefined;
  if (reachable.ok) {
    const login = await checkLogin(laravel, opts.credentials, now());
    checks.push(login.check);
    session = login.session;
  } else {
    checks.push(notChecked('login', 'the Laravel app is not reachable'));
  }
  if (session) {
    const userId = session.userId;
    // Pusher-style broadcasters sign with the socket id: any well-formed one gets Laravel's decision.
    const socketId = broadcaster === 'pusher' || broadcaster === 'reverb' ? '1234.5678' : undefined;
    checks.push(...(await checkChannelAuth(laravel, session, profile.channels.map((c) => expandChannel(c, userId)), socketId)));
    if (profile.laravel.refresh !== undefined) {
      if (typeof opts.credentials !== 'string' && 'token' in opts.credentials) {
        progress(`checking the refresh route at ${profile.laravel.refresh} (the given token is not refreshed)`);
        checks.push(await checkRefreshRoute(laravel));
      } else {
        progress(`refreshing the token at ${profile.laravel.refresh}`);
        const refreshed = await checkRefresh(laravel, session, now());
        checks.push(refreshed.check);
        session = refreshed.session;
      }
    }
    if (profile.laravel.notifications !== undefined) checks.push(await checkNotifications(laravel, session));
  } else {
    for (const c of profile.channels.filter(isGuardedChannel)) checks.push(notChecked(`channel-auth ${c}`, 'no login'));
    if (profile.laravel.refresh !== undefined) checks.push(notChecked('refresh', 'no login'));
    if (profile.laravel.notifications !== undefined) checks.push(notChecked('notifications', 'no login'));
  }

  const target = redisTargetOf(profile, opts.redis);
  let redis: Redis | undefined;
  let watcher: BroadcastWatcher | undefined;
  try {
    let relayOk: boolean;
    const socketIo = socketIoRelayOf(profile.connection);
    if (broadcaster === 'redis' && target) {
      progress(`checking Redis at ${target.label}`);
      const outcome = await checkRedis('relay', target, timeoutMs);
      checks.push(outcome.check);
      redis = outcome.redis;
      relayOk = outcome.check.ok;
    } else if (socketIo) {
      progress(`checking the relay at ${socketIo.host}`);
      const relay = await checkSocketIoRelay(socketIo, timeoutMs);
      checks.push(relay);
      relayOk = relay.ok;
      if (target) {
        progress(`checking Redis at ${target.label}`);
        const outcome = await checkRedis('redis', target, timeoutMs);
        checks.push(outcome.check);
        redis = outcome.redis;
      }
    } else {
      const host = 'host' in profile.connection ? profile.connection.host : broadcaster;
      progress(`connecting to the ${broadcaster} relay at ${host}`);
      const relay = await checkRelayConnects(profile, host, Math.max(timeoutMs, profile.connection.subscribeTimeout));
      checks.push(relay);
      relayOk = relay.ok;
    }

    const watchStarted = performance.now();
    if (redis && target) {
      watcher = await BroadcastWatcher.start(target, timeoutMs).catch(() => undefined);
      if (watcher && opts.watchMs > 0) {
        progress(
          `watching Redis for ${Math.round(opts.watchMs / 1000)} s for the app's own broadcasts (make it broadcast something now to `
            + `confirm its key prefix)`,
        );
      }
    }

    let later: DoctorCheck[];
    if (!session) later = [notChecked('subscriptions', 'no login'), notChecked('round-trip', 'no login')];
    else if (!relayOk) later = [notChecked('subscriptions', 'the relay check failed'), notChecked('round-trip', 'the relay check failed')];
    else {
      progress(`subscribing through ${broadcaster} and sending a probe event`);
      later = await checkSubscriptionsAndRoundTrip({ profile, session, laravel, target, publisher: redis, watcher, timeoutMs });
    }

    if (watcher && target) {
      const left = opts.watchMs - (performance.now() - watchStarted);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      const seen = watcher.seen.filter((s) => !s.redisChannel.includes(PROBE_CHANNEL_PREFIX));
      checks.push(checkPrefix({
        target,
        templates: profile.channels,
        seen,
        watchedMs: opts.watchMs <= 0 ? 0 : Math.max(opts.watchMs, performance.now() - watchStarted),
        redisMode: broadcaster === 'redis',
      }));
    }
    checks.push(...later);
  } finally {
    watcher?.stop();
    redis?.disconnect();
  }
  return report(checks);
}
