import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LaravelClient } from '../auth/laravel-client.js';
import type { Session } from '../auth/session.js';
import { EchoCore, type Delivery } from '../core/echo-core.js';
import { MemoryLogger } from '../log.js';
import type { Profile } from '../profile/profile.js';
import { publishAsLaravel } from '../publish/laravel-publisher.js';
import type { ChannelStatus, ConnectionStatus } from '../transport/transport.js';
import { fail, notChecked, pass, type DoctorCheck } from './check.js';
import { quoted } from './prefix.js';
import type { BroadcastWatcher } from './redis-checks.js';
import type { RedisTarget } from './redis-target.js';

export const PROBE_EVENT = 'echo_tray.doctor_probe';
export const PROBE_CHANNEL_PREFIX = 'echo-tray-doctor.';

export interface RoundTripInput {
  readonly profile: Profile;
  readonly session: Session;
  readonly laravel: LaravelClient;
  /** Where to publish the probe; undefined when the profile names no Redis. */
  readonly target: RedisTarget | undefined;
  readonly publisher: Redis | undefined;
  readonly watcher: BroadcastWatcher | undefined;
  readonly timeoutMs: number;
}

const SETTLED: ReadonlySet<ChannelStatus['state']> = new Set(['subscribed', 'denied', 'expired', 'error']);

/** Resolves once `done()` holds (checked on every core event) or after `timeoutMs`; true if it held. */
function until(core: EchoCore, done: () => boolean, timeoutMs: number): Promise<boolean> {
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (value: boolean): void => {
      clearTimeout(timer);
      offChannel();
      offConnection();
      resolve(value);
    };
    const check = (): void => {
      if (done()) finish(true);
    };
    const offChannel = core.on('channel', check);
    const offConnection = core.on('connection', check);
    const timer = setTimeout(() => finish(done()), timeoutMs);
  });
}

function relayRefusal(s: ChannelStatus, broadcaster: string, userId: string): string {
  const via = broadcaster === 'redis' ? 'the notifier' : 'the relay';
  if (s.state === 'subscribed') return '';
  if (s.httpStatus === 0 && broadcaster !== 'redis') {
    return `${s.channel}: the relay could not reach Laravel to authorize it (laravel-echo-server's authHost / authEndpoint in `
      + `laravel-echo-server.json)`;
  }
  if (s.httpStatus === 401) {
    return `${s.channel}: ${via} got 401 from /broadcasting/auth for the token (session expired, or `
      + `${broadcaster === 'redis' ? 'the auth route checks another guard' : "the relay's authHost is another app"})`;
  }
  if (s.httpStatus === 403) return `${s.channel}: refused (403) for user ${userId}`;
  return `${s.channel}: ${s.state}${s.httpStatus !== undefined ? ` (${s.httpStatus})` : ''}${s.reason ? `: ${s.reason}` : ''}`;
}

/**
 * Runs the real core with the profile, as `listen` does: every channel must end up subscribed
 * through the configured transport; then a probe published on Redis exactly as Laravel publishes
 * must come back as a notification.
 */
export async function checkSubscriptionsAndRoundTrip(input: RoundTripInput): Promise<DoctorCheck[]> {
  const { profile, session } = input;
  const broadcaster: string = profile.connection.broadcaster;
  const logger = new MemoryLogger();
  const core = new EchoCore({ profile, session, laravel: input.laravel, logger });
  const probeChannel = `${PROBE_CHANNEL_PREFIX}${randomUUID().slice(0, 8)}`;
  let connection: ConnectionStatus | undefined;
  let lastReason: string | undefined;
  core.on('connection', (s) => {
    connection = s;
    if (s.reason) lastReason = s.reason;
  });
  const probes: Delivery[] = [];
  core.on('notification', (d) => {
    if (d.event.event === PROBE_EVENT) probes.push(d);
  });
  try {
    core.start();
    core.addChannel(probeChannel);
    const profileChannels = core.profileChannels();
    const waitMs = Math.max(input.timeoutMs, profile.connection.subscribeTimeout + 1000);
    await until(core, () => core.channels().every((c) => SETTLED.has(c.state)), waitMs);

    const statuses = core.channels();
    const mine = statuses.filter((s) => profileChannels.includes(s.channel));
    const bad = mine.filter((s) => s.state !== 'subscribed');
    const checks: DoctorCheck[] = [];
    const connected = connection?.state === 'connected';
    if (!connected && statuses.every((s) => s.state !== 'subscribed')) {
      checks.push(fail(
        'subscriptions',
        `never connected through ${broadcaster} within ${Math.round(waitMs / 1000)} s${lastReason ? `: ${lastReason}` : ''}`,
        'fix the relay check above (address, protocol version, firewall)',
      ));
    } else if (bad.length > 0) {
      checks.push(fail(
        'subscriptions',
        `not subscribed through ${broadcaster}: ${bad.map((s) => relayRefusal(s, broadcaster, session.userId)).join('; ')}`,
        bad.some((s) => s.state === 'pending')
          ? 'the subscription got no answer: check the relay\'s log'
          : 'see the channel-auth checks above; if they passed, the relay authorizes against another Laravel (its authHost)',
      ));
    } else {
      checks.push(pass(
        'subscriptions',
        `subscribed through ${broadcaster}: ${mine.map((s) => s.channel).join(', ') || '(no channels in the profile)'}`,
      ));
    }

    const probeStatus = statuses.find((s) => s.channel === probeChannel);
    if (broadcaster === 'pusher' || broadcaster === 'reverb') {
      // Laravel's pusher/reverb broadcaster publishes through the server's HTTP API, signed with the
      // app secret, which a desktop profile does not (and must not) hold.
      checks.push(pass(
        'round-trip',
        `not sent: with ${broadcaster}, Laravel publishes through the server's HTTP API with the app secret, which the profile does not `
          + `hold; to test the last hop, make the app broadcast while echo-tray listen runs`,
      ));
      return checks;
    }
    if (input.target === undefined || input.publisher === undefined) {
      checks.push(
        input.target === undefined
          ? fail(
            'round-trip',
            'no probe sent: the profile names no Redis to publish to as Laravel does',
            'add "redis": {"url": "redis://…", "prefix": "…"} to the profile (the Redis Laravel publishes to), or pass --redis URL',
          )
          : notChecked('round-trip', 'Redis is not reachable'),
      );
      return checks;
    }
    if (probeStatus?.state !== 'subscribed') {
      checks.push(notChecked(
        'round-trip',
        `the probe channel ${probeChannel} was not subscribed${probeStatus?.reason ? ` (${probeStatus.reason})` : ''}`,
      ));
      return checks;
    }
    const id = randomUUID();
    const redisChannel = input.target.prefix + probeChannel;
    const started = performance.now();
    const arrived = new Promise<boolean>((resolve) => {
      const found = (): boolean => probes.some((d) => d.event.data.probe === id);
      const timer = setTimeout(() => {
        off();
        resolve(found());
      }, input.timeoutMs);
      const off = core.on('notification', () => {
        if (!found()) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
    await publishAsLaravel(
      input.publisher,
      input.target.prefix,
      { channels: [probeChannel], event: PROBE_EVENT, data: { probe: id, message: 'Echo Tray doctor probe' } },
    );
    if (await arrived) {
      const ms = performance.now() - started;
      checks.push(pass(
        'round-trip',
        `a probe published on ${input.target.label} as ${quoted(redisChannel)} came back through ${broadcaster} as a notification in `
          + `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`,
      ));
      return checks;
    }
    const onRedis = input.watcher ? await input.watcher.sawOn(redisChannel, 0) : undefined;
    const where = onRedis === true
      ? `; it was on Redis as ${quoted(redisChannel)}, so the ${broadcaster === 'redis' ? 'subscription' : 'relay'} did not pass it on`
      : '';
    const fix =
      broadcaster === 'redis'
        ? 'check connection.url: the notifier must subscribe to the same Redis Laravel publishes to'
        : `laravel-echo-server must listen to this Redis and strip the same prefix: set databaseConfig.redis (host, port, db) and `
          + `keyPrefix to ${quoted(input.target.prefix)} in laravel-echo-server.json, or correct redis.prefix in the profile`;
    checks.push(fail(
      'round-trip',
      `a probe published on ${input.target.label} as ${quoted(redisChannel)} did not come back through ${broadcaster} within `
        + `${Math.round(input.timeoutMs / 1000)} s${where}`,
      fix,
    ));
    return checks;
  } finally {
    await core.stop();
  }
}
