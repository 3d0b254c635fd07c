import type { Redis } from 'ioredis';

export interface RedisLivenessOptions {
  /** ms of silence before a PING is sent; 0 turns the heartbeat off. */
  readonly pingInterval: number;
  /** ms after a PING without hearing anything before the connection counts as dead. */
  readonly pingTimeout: number;
  /** ms a TCP connection may take to become ready (AUTH, SELECT, INFO answered). */
  readonly readyTimeout: number;
  /** The connection is dead: replace it. */
  readonly onDead: (why: string) => void;
  readonly now?: () => number;
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
  private pingTimer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private readyTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: RedisLivenessOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Something arrived on the connection. */
  heard(): void {
    this.lastHeard = this.now();
  }

  /** TCP is connected; the handshake has `readyTimeout` to finish. */
  connected(redis: Redis): void {
    this.clear();
    this.readyTimer = unref(
      setTimeout(() => {
        this.readyTimer = undefined;
        if (redis.status !== 'ready') this.opts.onDead(`Redis accepted the connection but did not answer within ${seconds(this.opts.readyTimeout)} s`);
      }, this.opts.readyTimeout),
    );
  }

  /** The connection is ready: start the heartbeat. */
  ready(redis: Redis): void {
    this.clear();
    this.heard();
    if (this.opts.pingInterval > 0) this.schedulePing(redis, this.opts.pingInterval);
  }

  /** The connection closed (or is being replaced): stop every timer. */
  clear(): void {
    for (const t of [this.pingTimer, this.deadline, this.readyTimer]) if (t) clearTimeout(t);
    this.pingTimer = this.deadline = this.readyTimer = undefined;
  }

  private schedulePing(redis: Redis, delay: number): void {
    this.pingTimer = unref(setTimeout(() => this.ping(redis), Math.max(0, delay)));
  }

  private ping(redis: Redis): void {
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
    this.deadline = unref(setTimeout(() => this.check(redis, sentAt), this.opts.pingTimeout));
  }

  private check(redis: Redis, sentAt: number): void {
    this.deadline = undefined;
    if (this.lastHeard >= sentAt) {
      this.schedulePing(redis, this.opts.pingInterval - (this.now() - this.lastHeard));
      return;
    }
    // A long pause of this process (a laptop waking up) fires timers before pending reads are
    // delivered: look once more after the poll phase has read what is waiting on the socket.
    setImmediate(() => {
      if (this.lastHeard >= sentAt) this.schedulePing(redis, this.opts.pingInterval - (this.now() - this.lastHeard));
      else this.opts.onDead(`Redis stopped answering (no reply to PING within ${seconds(this.opts.pingTimeout)} s)`);
    });
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}
