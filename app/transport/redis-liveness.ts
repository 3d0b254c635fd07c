import { backgroundClock, type Clock } from '../util/clock.js';
import { secondsText } from '../util/seconds-text.js';

/** What the watch needs of an ioredis connection. */
export interface RedisLink {
  readonly status: string;
  ping(): Promise<unknown>;
}

export interface RedisLivenessOptions {
  /** ms of silence before a PING is sent; 0 turns the heartbeat off. */
  readonly pingInterval: number;
  /** ms after a PING without hearing anything before the connection counts as dead. */
  readonly pingTimeout: number;
  /** ms a TCP connection may take to become ready (AUTH, SELECT, INFO answered). */
  readonly readyTimeout: number;
  /** The connection is dead: replace it. */
  readonly onDead: (why: string) => void;
  /** Monotonic ms (default performance.now). */
  readonly now?: () => number;
  /** Schedules the timeouts (default: unref'd system timers). */
  readonly clock?: Clock;
}

/**
 * Redis pub/sub has no heartbeat, and a server that stops answering (SIGSTOP, a hung VM, a
 * half-open NAT mapping) keeps the TCP connection open: the kernel even accepts new connections
 * for it. This watches one ioredis connection: after `pingInterval` of silence it sends a PING
 * (allowed in subscriber mode), and if nothing at all arrives within `pingTimeout` the connection
 * is declared dead. Anything received counts as a sign of life, so a PONG queued behind a burst
 * of messages is never mistaken for silence. A connection that never becomes ready is dead too.
 */
export class RedisLiveness {
  private lastHeard = 0;
  /** Each cancels its timer. */
  private pingTimer: (() => void) | undefined;
  private deadline: (() => void) | undefined;
  private readyTimer: (() => void) | undefined;
  private readonly now: () => number;
  private readonly clock: Clock;

  constructor(private readonly opts: RedisLivenessOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.clock = opts.clock ?? backgroundClock;
  }

  /** Something arrived on the connection. */
  heard(): void {
    this.lastHeard = this.now();
  }

  /** TCP is connected; the handshake has `readyTimeout` to finish. */
  connected(redis: RedisLink): void {
    this.clear();
    this.readyTimer = this.clock.schedule(() => {
      this.readyTimer = undefined;
      if (redis.status !== 'ready') {
        this.opts.onDead(`Redis accepted the connection but did not answer within ${secondsText(this.opts.readyTimeout)} s`);
      }
    }, this.opts.readyTimeout);
  }

  /** The connection is ready: start the heartbeat. */
  ready(redis: RedisLink): void {
    this.clear();
    this.heard();
    if (this.opts.pingInterval > 0) this.schedulePing(redis, this.opts.pingInterval);
  }

  /** The connection closed (or is being replaced): stop every timer. */
  clear(): void {
    for (const cancel of [this.pingTimer, this.deadline, this.readyTimer]) cancel?.();
    this.pingTimer = this.deadline = this.readyTimer = undefined;
  }

  private schedulePing(redis: RedisLink, delay: number): void {
    this.pingTimer = this.clock.schedule(() => this.ping(redis), Math.max(0, delay));
  }

  private ping(redis: RedisLink): void {
    this.pingTimer = undefined;
    const quietFor = this.now() - this.lastHeard;
    if (quietFor < this.opts.pingInterval) {
      this.schedulePing(redis, this.opts.pingInterval - quietFor);
      return;
    }
    const sentAt = this.now();
    redis.ping().then(
      () => this.heard(),
      () => undefined, // the connection closed meanwhile: 'close' takes it from here
    );
    this.deadline = this.clock.schedule(() => this.check(redis, sentAt), this.opts.pingTimeout);
  }

  private check(redis: RedisLink, sentAt: number): void {
    this.deadline = undefined;
    if (this.lastHeard >= sentAt) {
      this.schedulePing(redis, this.opts.pingInterval - (this.now() - this.lastHeard));
      return;
    }
    // A long pause of this process (a laptop waking up) fires timers before pending reads are
    // delivered: look once more after the poll phase has read what is waiting on the socket.
    setImmediate(() => {
      if (this.lastHeard >= sentAt) this.schedulePing(redis, this.opts.pingInterval - (this.now() - this.lastHeard));
      else this.opts.onDead(`Redis stopped answering (no reply to PING within ${secondsText(this.opts.pingTimeout)} s)`);
    });
  }
}
