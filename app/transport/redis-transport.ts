import { Redis, type RedisOptions } from 'ioredis';
import { credentialsOf } from './redis-url.js';
import type { Logger } from '../log.js';
import type { RedisConnection } from '../profile/profile.js';
import { redactUrl } from '../util/redact-url.js';
import { Backoff } from './backoff.js';
import { ChannelBook } from './channel-book.js';
import { PrivateChannelGate } from './private-channel-gate.js';
import { RedisLiveness } from './redis-liveness.js';
import { lossReport, runIdOf, type Outage } from './redis-loss-report.js';
import { oversizeReason, type ChannelAuthority, type Transport, type TransportListener } from './transport.js';
import { errorMessage } from '../util/error-reason.js';

export interface RedisTransportDeps {
  readonly settings: RedisConnection;
  readonly authority: ChannelAuthority;
  readonly listener: TransportListener;
  readonly logger: Logger;
  readonly maxEventBytes: number;
  readonly random?: () => number;
}

/**
 * Direct Redis (LAN installs): SUBSCRIBE `<prefix><channel>`. Redis knows nothing of Laravel's
 * channel rules, so a private or presence channel is subscribed only after `/broadcasting/auth`
 * said yes for this user, and asked again after every reconnect.
 */
export class RedisTransport implements Transport {
  readonly name = 'redis';
  private redis: Redis | undefined;
  private lastError: string | undefined;
  private readonly backoff: Backoff;
  private readonly book: ChannelBook;
  /** Reset on every (re)connection so that an authorization still in flight cannot subscribe late. */
  private readonly gate: PrivateChannelGate;
  /** PING heartbeat: a frozen server is noticed and the connection replaced. */
  private readonly liveness: RedisLiveness;
  private wasReady = false;
  /** Set when we replace a connection ourselves: not an outage worth reporting. */
  private onPurpose = false;
  private dropCause: string | undefined;
  /** A ready connection was lost and the subscription is not back yet. */
  private outage: Outage | undefined;
  private runId: string | undefined;

  constructor(private readonly deps: RedisTransportDeps) {
    const s = deps.settings;
    this.backoff = new Backoff({
      minMs: s.reconnectionDelay,
      maxMs: s.reconnectionDelayMax,
      windowMs: s.reconnectionWindow,
      random: deps.random,
    });
    this.book = new ChannelBook(deps.listener, 0, s.subscribeTimeout);
    this.gate = new PrivateChannelGate(deps, this.book);
    this.liveness = new RedisLiveness({
      pingInterval: s.pingInterval,
      pingTimeout: s.pingTimeout,
      readyTimeout: 10_000,
      onDead: (why) => this.replaceDead(why),
    });
  }

  start(): void {
    if (this.redis) return;
    const s = this.deps.settings;
    const common: RedisOptions = {
      autoResubscribe: false,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      connectTimeout: 10_000,
      keepAlive: 30_000,
      retryStrategy: () => {
        // Called before our 'close' listener runs (ioredis emits on the next tick): a ready connection
        // the server dropped gets the spread-out first delay.
        const delay = this.wasReady && !this.onPurpose ? this.backoff.afterDrop() : this.backoff.next();
        this.deps.listener.onConnection({
          state: 'reconnecting',
          transport: this.name,
          retryInMs: delay,
          ...(this.lastError ? { reason: this.lastError } : {}),
        });
        return delay;
      },
    };
    this.deps.listener.onConnection({ state: 'connecting', transport: this.name });
    const redis =
      s.sentinels.length > 0
        ? new Redis({
          ...common,
          ...credentialsOf(s.url),
          sentinels: s.sentinels.map((x) => ({ host: x.host, port: x.port })),
          name: s.name ?? 'mymaster',
        })
        : new Redis(s.url, common);
    this.redis = redis;
    redis.on('connect', () => this.liveness.connected(redis));
    redis.on('ready', () => {
      this.gate.reset();
      this.backoff.reset();
      this.lastError = undefined;
      this.wasReady = true;
      this.liveness.ready(redis);
      const outage = this.outage;
      this.outage = undefined;
      const gap = outage ? { reason: 'reconnected: events published while disconnected were not received' } : {};
      this.deps.listener.onConnection({
        state: 'connected',
        transport: this.name,
        protocol: `redis pub/sub, prefix "${s.prefix}"`,
        ...gap,
      });
      this.reportOutage(redis, outage); // its INFO goes out before any SUBSCRIBE
      for (const channel of this.book.channels()) this.activate(channel);
    });
    redis.on('error', (err: Error) => {
      this.lastError = `Redis ${redactUrl(s.url)}: ${err.message}`;
      this.deps.logger.log('warn', 'redis: connection error', { error: err.message });
    });
    redis.on('close', () => {
      this.liveness.clear();
      if (this.wasReady && !this.onPurpose) this.outage ??= { lostAt: performance.now(), cause: this.dropCause };
      this.wasReady = false;
      this.onPurpose = false;
      this.dropCause = undefined;
      this.gate.reset();
      this.book.markAllPending(this.lastError ?? 'connection to Redis lost');
    });
    redis.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      this.liveness.heard();
      this.onRedisMessage(channel.toString('utf8'), message);
    });
  }

  subscribe(channel: string): void {
    if (!this.book.add(channel)) return;
    if (this.redis?.status === 'ready') this.activate(channel);
  }

  unsubscribe(channel: string): void {
    if (!this.book.remove(channel)) return;
    if (this.redis?.status === 'ready') this.redis.unsubscribe(this.deps.settings.prefix + channel).catch(() => undefined);
  }

  reconnectNow(reason: string): void {
    if (!this.redis) return;
    this.deps.logger.log('info', 'redis: reconnecting now', { reason });
    this.backoff.reset();
    this.onPurpose = true;
    this.redis.disconnect(true);
  }

  async stop(): Promise<void> {
    const redis = this.redis;
    this.redis = undefined;
    this.gate.reset();
    this.liveness.clear();
    this.book.clearTimers();
    if (redis) {
      redis.removeAllListeners('close');
      redis.disconnect(false);
    }
    this.deps.listener.onConnection({ state: 'stopped', transport: this.name });
  }

  /** The heartbeat or the handshake watchdog gave up on the connection: replace it. */
  private replaceDead(why: string): void {
    const redis = this.redis;
    if (!redis) return;
    this.dropCause = why;
    this.lastError = why;
    this.deps.logger.log('warn', `redis: ${why}: reconnecting`);
    // A dead peer never acknowledges a graceful close: drop the socket now (ioredis then reconnects).
    if (redis.stream) redis.stream.destroy();
    else redis.disconnect(true);
  }

  /** After an outage, says that events were lost and, from the server's run_id, why. */
  private reportOutage(redis: Redis, outage: Outage | undefined): void {
    const before = this.runId;
    const report = (after: string | undefined): void => {
      if (outage) this.deps.logger.log('warn', `redis: ${lossReport(outage, performance.now(), before, after)}`);
    };
    redis.info('server').then(
      (info) => {
        const after = runIdOf(info);
        if (after !== undefined) this.runId = after;
        report(after);
      },
      () => report(undefined),
    );
  }

  private activate(channel: string): void {
    this.gate.open(channel, (epoch) => {
      const redis = this.redis;
      if (!redis) return;
      redis.subscribe(this.deps.settings.prefix + channel).then(
        () => {
          if (this.gate.isCurrent(epoch) && this.book.has(channel)) this.book.confirmed(channel);
        },
        (err: unknown) => {
          if (this.gate.isCurrent(epoch)) {
            this.book.refused({ channel, state: 'error', reason: `Redis SUBSCRIBE failed: ${errorMessage(err)}` });
          }
        },
      );
    });
  }

  private onRedisMessage(redisChannel: string, message: Buffer): void {
    const prefix = this.deps.settings.prefix;
    const channel = redisChannel.startsWith(prefix) ? redisChannel.slice(prefix.length) : redisChannel;
    if (message.length > this.deps.maxEventBytes) {
      this.deps.listener.onMalformed({
        channel,
        reason: oversizeReason(message.length, this.deps.maxEventBytes),
        sample: message.subarray(0, 200).toString('utf8'),
      });
      return;
    }
    this.deps.listener.onEnvelope({ channel, envelope: message });
  }
}
