import type { Channel, ChannelAuthorizationCallback } from 'pusher-js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../log.js';
import type { PusherConnection } from '../profile/profile.js';
import { Backoff } from './backoff.js';
import { ChannelBook } from './channel-book.js';
import { AUTH_RETRIES, authRetryDelay } from './private-channel-gate.js';
import { isEncryptedChannel, readPusherAuthAnswer } from './pusher-auth-answer.js';
import { describePusherError, PUSHER_OVER_CAPACITY, pusherErrorAction, readPusherError, type PusherError } from './pusher-errors.js';
import { endpointsPerAttempt, pusherClass, pusherOptions, type PusherClient } from './pusher-js-node.js';
import { BusyWaits, busyReason, isBusyStatus, parseRetryAfter, transportClock, type BusyPolicy } from './retry-after.js';
import { sampleOf } from '../util/log-format.js';
import {
  isPresenceChannel,
  presenceMember,
  type ChannelAuthority,
  type ChannelStatus,
  type PresenceMember,
  type Transport,
  type TransportListener,
} from './transport.js';

export interface PusherTransportDeps {
  readonly settings: PusherConnection;
  readonly authority: ChannelAuthority;
  readonly listener: TransportListener;
  readonly logger: Logger;
  readonly random?: () => number;
  /** Time for the busy waits (429/503 from /broadcasting/auth); tests inject a fake one. */
  readonly clock?: Clock;
  readonly busyPolicy?: BusyPolicy;
}

type Phase = 'stopped' | 'connecting' | 'connected' | 'waiting' | 'gave-up';

/**
 * The Pusher Channels protocol (Pusher, Soketi, Laravel Reverb) through pusher-js. pusher-js keeps
 * the channels and re-subscribes them on every connection, asking our authorizer each time (so the
 * current token is used); the reconnection policy is ours: the protocol's error ranges decide
 * between giving up (4000-4099), a backoff (4100-4199 and lost connections) and reconnecting at once
 * (4200-4299), and the status line says which code the server sent.
 */
export class PusherTransport implements Transport {
  readonly name: 'pusher' | 'reverb';
  private readonly protocol: string;
  private pusher: PusherClient | undefined;
  private phase: Phase = 'stopped';
  private socketId: string | undefined;
  /** Transport connections (timeline `cid`s) below this belong to an earlier attempt. */
  private firstCid = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private readonly book: ChannelBook;
  private readonly bound = new Set<string>();
  /** pusher:error heard on the current attempt: why the server is about to close, or refused the handshake. */
  private serverError: PusherError | undefined;
  /** Reverb refuses a bad channel signature with a bare pusher:error 4009 (no channel, no subscription_error). */
  private refusalHint: string | undefined;
  private readonly authAttempts = new Map<string, number>();
  private readonly authRetryTimers = new Set<NodeJS.Timeout>();
  private readonly busy: BusyWaits;
  private readonly clock: Clock;
  /** Encrypted events seen on the wire and delivered after decryption, per channel. */
  private readonly encrypted = new Map<string, { seen: number; delivered: number }>();

  constructor(private readonly deps: PusherTransportDeps) {
    const s = deps.settings;
    this.name = s.broadcaster;
    this.protocol = `${s.broadcaster === 'reverb' ? 'Reverb' : 'Pusher'} protocol 7 (pusher-js)`;
    this.backoff = new Backoff({
      minMs: s.reconnectionDelay,
      maxMs: s.reconnectionDelayMax,
      windowMs: s.reconnectionWindow,
      random: deps.random,
    });
    this.book = new ChannelBook(deps.listener, 0, s.subscribeTimeout);
    this.clock = deps.clock ?? transportClock;
    this.busy = new BusyWaits(this.clock, deps.busyPolicy);
  }

  start(): void {
    if (this.phase !== 'stopped') return;
    this.phase = 'connecting';
    this.deps.listener.onConnection({ state: 'connecting', transport: this.name, protocol: this.protocol });
    const s = this.deps.settings;
    const Pusher = pusherClass();
    const pusher = new Pusher(
      s.key,
      pusherOptions(
        s,
        (params, callback) => this.authorize(params.channelName, params.socketId, callback),
        Math.max(5000, s.subscribeTimeout),
      ),
    );
    this.pusher = pusher;
    this.firstCid = pusher.timeline.uniqueID + 1;
    this.watchTransportCloses(pusher);
    pusher.connection.bind(
      'state_change',
      (change: { previous: string; current: string }) => queueMicrotask(() => this.onState(pusher, change.previous, change.current)),
    );
    pusher.connection.bind('error', (err: unknown) => this.onError(err));
    pusher.connection.bind('message', (msg: unknown) => this.onWireMessage(msg));
    for (const channel of this.book.channels()) this.bind(pusher.subscribe(channel));
  }

  subscribe(channel: string): void {
    if (!this.book.add(channel)) return;
    if (!this.pusher) return;
    this.bind(this.pusher.subscribe(channel));
    if (this.phase === 'connected') this.book.pending(channel, 'await', () => this.refusalHint);
  }

  unsubscribe(channel: string): void {
    if (!this.book.remove(channel)) return;
    this.authAttempts.delete(channel);
    this.encrypted.delete(channel);
    this.bound.delete(channel);
    this.pusher?.channel(channel)?.unbind_all();
    this.pusher?.unsubscribe(channel);
  }

  reconnectNow(reason: string): void {
    if (this.phase === 'stopped' || !this.pusher) return;
    this.deps.logger.log('info', `${this.name}: reconnecting now`, { reason });
    this.backoff.reset();
    this.drop();
    this.connectAgain(reason);
  }

  async stop(): Promise<void> {
    const pusher = this.pusher;
    this.phase = 'stopped';
    this.pusher = undefined;
    this.drop();
    if (pusher) {
      pusher.connection.unbind_all();
      pusher.disconnect();
      // pusher-js keeps every instance in a static list (for its browser "ready" hook): let ours go.
      const instances = pusherClass().instances;
      const i = instances.indexOf(pusher);
      if (i >= 0) instances.splice(i, 1);
    }
    this.book.clearTimers();
    this.deps.listener.onConnection({ state: 'stopped', transport: this.name });
  }

  // ------------------------------------------------------------------------------------------
  // connection

  private onState(pusher: PusherClient, previous: string, current: string): void {
    // Handled a microtask late: a change we caused since (drop, connect again) makes it stale.
    if (pusher !== this.pusher || pusher.connection.state !== current) return;
    if (current === 'connected') {
      if (this.phase === 'connecting') this.onConnected(pusher.connection.socket_id);
      return;
    }
    if (this.phase !== 'connecting' && this.phase !== 'connected') return;
    const host = this.deps.settings.host;
    switch (current) {
      case 'unavailable':
        this.attemptFailed(
          this.serverError ?? { code: undefined, message: undefined },
          `no Pusher handshake from ${host} within ${Math.round(Math.max(5000, this.deps.settings.subscribeTimeout) / 1000)} s`,
        );
        return;
      case 'disconnected':
        this.attemptFailed(this.serverError ?? { code: undefined, message: undefined }, `${host} closed the connection`);
        return;
      case 'failed':
        this.giveUp(`pusher-js has no usable transport for ${host} (connection.enabledTransports)`);
        return;
      case 'connecting':
        if (previous === 'connected') {
          this.attemptFailed(this.serverError ?? { code: undefined, message: undefined }, `connection to ${host} lost`);
        }
        return;
    }
  }

  private onConnected(socketId: string): void {
    this.phase = 'connected';
    this.socketId = socketId;
    this.serverError = undefined;
    this.refusalHint = undefined;
    this.authAttempts.clear();
    this.backoff.reset();
    this.deps.listener.onConnection({ state: 'connected', transport: this.name, protocol: this.protocol });
    for (const channel of this.book.channels()) this.book.pending(channel, 'await', () => this.refusalHint);
  }

  /**
   * pusher-js only notices a dead endpoint when its strategy times out (15 s and more), and keeps
   * the `connected` state for a second after a close. Its timeline records every transport close
   * with its code at once: that is our signal.
   */
  private watchTransportCloses(pusher: PusherClient): void {
    const timeline = pusher.timeline;
    const info = timeline.info.bind(timeline);
    timeline.info = (event: unknown): void => {
      info(event);
      if (typeof event !== 'object' || event === null) return;
      const rec = event as Record<string, unknown>;
      if (rec.state !== 'closed' || typeof rec.cid !== 'number' || rec.cid < this.firstCid) return;
      const close = readPusherError(rec.params) ?? { code: undefined, message: undefined };
      queueMicrotask(() => this.onTransportClosed(pusher, close));
    };
  }

  private onTransportClosed(pusher: PusherClient, close: PusherError): void {
    if (pusher !== this.pusher) return;
    const decisive = close.code !== undefined && close.code >= 4000 ? close : this.serverError;
    const host = this.deps.settings.host;
    if (this.phase === 'connected') {
      this.attemptFailed(decisive ?? close, `connection to ${host} lost`);
      return;
    }
    // While connecting, another endpoint (wss after ws) may still answer: only a protocol error code,
    // or a single endpoint, makes this attempt over.
    if (this.phase === 'connecting' && (decisive !== undefined || endpointsPerAttempt(this.deps.settings) === 1)) {
      this.attemptFailed(decisive ?? close, `cannot connect to ${host}`);
    }
  }

  private onError(err: unknown): void {
    // Handshake refusals (4001 app does not exist…) come only this way; once connected, pusher:error
    // messages are read in onWireMessage.
    if (this.phase !== 'connecting' || typeof err !== 'object' || err === null) return;
    const rec = err as Record<string, unknown>;
    const inner = typeof rec.error === 'object' && rec.error !== null ? (rec.error as Record<string, unknown>) : rec;
    const found = readPusherError(inner.data);
    if (found?.code !== undefined) this.serverError = found;
  }

  private attemptFailed(error: PusherError, what: string): void {
    if (this.phase !== 'connecting' && this.phase !== 'connected') return;
    const wasConnected = this.phase === 'connected';
    const reason = error.code !== undefined || error.message !== undefined ? `${what}: ${describePusherError(error)}` : what;
    const action = pusherErrorAction(error.code);
    if (action === 'give-up') {
      this.giveUp(reason);
      return;
    }
    this.drop();
    this.phase = 'waiting';
    this.book.markAllPending(reason);
    // A server-side drop sends every desktop back at once: spread them, even for 4200-4299 ("reconnect now").
    const delay = wasConnected ? this.backoff.afterDrop() : this.backoff.next();
    this.deps.logger.log('warn', `${this.name}: disconnected`, { reason, retryInMs: delay, code: error.code });
    this.deps.listener.onConnection({
      state: 'reconnecting',
      transport: this.name,
      protocol: this.protocol,
      reason,
      retryInMs: delay,
      ...(error.code === PUSHER_OVER_CAPACITY ? { busy: true } : {}),
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.phase === 'waiting') this.connectAgain(reason);
    }, delay);
  }

  /** 4000-4099: the server will refuse again until someone fixes the profile or the server. */
  private giveUp(reason: string): void {
    this.drop();
    this.phase = 'gave-up';
    const why = `${reason}; not reconnecting until asked (fix the profile or the server first)`;
    this.deps.logger.log('error', `${this.name}: giving up`, { reason });
    for (const channel of this.book.channels()) this.book.refused({ channel, state: 'error', reason: why });
    this.deps.listener.onConnection({ state: 'offline', transport: this.name, protocol: this.protocol, reason: why });
  }

  private connectAgain(reason: string): void {
    const pusher = this.pusher;
    if (!pusher) return;
    this.phase = 'connecting';
    this.serverError = undefined;
    this.firstCid = pusher.timeline.uniqueID + 1;
    this.deps.listener.onConnection({ state: 'reconnecting', transport: this.name, protocol: this.protocol, reason });
    pusher.connect();
  }

  /** Ends the current attempt (pusher-js stops its own retries); channels stay registered. */
  private drop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const t of this.authRetryTimers) clearTimeout(t);
    this.authRetryTimers.clear();
    this.busy.cancelAll();
    this.socketId = undefined;
    if (this.phase === 'connecting' || this.phase === 'connected') this.phase = 'waiting';
    this.pusher?.disconnect();
  }

  // ------------------------------------------------------------------------------------------
  // channels

  private bind(channel: Channel): void {
    if (this.bound.has(channel.name)) return;
    this.bound.add(channel.name);
    const name = channel.name;
    channel.bind_global((event: string, data: unknown) => this.onChannelEvent(name, event, data));
  }

  /** pusher-js's authorizer hook: asks Laravel with the current token, on every (re)subscription. */
  private authorize(channel: string, socketId: string, callback: ChannelAuthorizationCallback): void {
    void this.deps.authority.authorize(channel, socketId).then((answer) => {
      // An answer for an older connection signs an old socket id: useless, and pusher-js has
      // already forgotten that subscription attempt.
      if (socketId !== this.socketId || !this.book.has(channel)) return;
      if (!answer.ok && isBusyStatus(answer.status)) {
        // Ours first: pusher-js's own subscription_error then finds the channel waiting, not pending.
        this.waitWhileBusy(channel, socketId, answer.status, answer.retryAfter);
        callback(new Error('server busy'), null);
        return;
      }
      this.busy.answered(channel);
      const verdict = readPusherAuthAnswer(channel, answer);
      if (verdict.ok) {
        callback(null, verdict.data);
        return;
      }
      // Ours first: pusher-js then reports a subscription_error of its own, ignored as not pending.
      this.book.refused(verdict.status);
      callback(new Error(verdict.status.reason ?? 'refused'), null);
      if (verdict.transient) this.retryAuthorization(channel, socketId);
    });
  }

  /** Laravel said 429/503: subscribe again (a new authorization) after Retry-After plus jitter, never sooner. */
  private waitWhileBusy(channel: string, socketId: string, status: number, retryAfterHeader: string | undefined): void {
    const delay = this.busy.wait(channel, parseRetryAfter(retryAfterHeader, this.clock.now().getTime()), () => {
      if (socketId !== this.socketId || !this.book.has(channel) || !this.pusher) return;
      this.book.pending(channel, 'await', () => this.refusalHint);
      this.pusher.subscribe(channel);
    });
    this.book.waiting(channel, status, busyReason(delay));
  }

  private retryAuthorization(channel: string, socketId: string): void {
    const attempt = (this.authAttempts.get(channel) ?? 0) + 1;
    if (attempt > AUTH_RETRIES) return;
    this.authAttempts.set(channel, attempt);
    const timer = setTimeout(() => {
      this.authRetryTimers.delete(timer);
      if (socketId !== this.socketId || !this.book.has(channel) || !this.pusher) return;
      this.book.pending(channel, 'await', () => this.refusalHint);
      this.pusher.subscribe(channel);
    }, authRetryDelay(this.deps.settings, attempt));
    timer.unref();
    this.authRetryTimers.add(timer);
  }

  private onChannelEvent(channel: string, event: string, data: unknown): void {
    if (!this.book.has(channel)) return;
    switch (event) {
      case 'pusher:subscription_succeeded':
        this.book.confirmed(channel);
        if (isPresenceChannel(channel)) this.deps.listener.onPresence({ kind: 'here', channel, members: membersOf(data) });
        return;
      case 'pusher:subscription_error':
        if (isAwaitingAnswer(this.book.status(channel))) this.book.refused(serverRefusal(channel, data, this.name));
        return;
      case 'pusher:member_added':
      case 'pusher:member_removed': {
        const member = presenceMember(data);
        if (member) this.deps.listener.onPresence({ kind: event === 'pusher:member_added' ? 'joining' : 'leaving', channel, member });
        return;
      }
      default:
        break;
    }
    if (event.startsWith('pusher:') || event.startsWith('pusher_internal:') || event.startsWith('client-')) return;
    if (isEncryptedChannel(channel)) this.countEncrypted(channel, 'delivered');
    this.deps.listener.onMessage({ channel, event, data: decodeData(data), bytes: payloadBytes(data) });
  }

  /** Every frame, after pusher-js handled it. */
  private onWireMessage(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const { event, channel, data } = msg as { event?: unknown; channel?: unknown; data?: unknown };
    if (typeof event !== 'string') return;
    if (event === 'pusher:error') {
      this.onServerError(readPusherError(data) ?? { code: undefined, message: undefined });
      return;
    }
    if (typeof channel !== 'string' || !isEncryptedChannel(channel) || !this.book.has(channel)) return;
    if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
    const envelope = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
    if (typeof envelope?.ciphertext !== 'string' || typeof envelope.nonce !== 'string') {
      this.deps.listener.onMalformed({
        channel,
        reason: `event "${event.slice(0, 100)}" on an encrypted channel is not encrypted ({"ciphertext", "nonce"})`,
        sample: sampleOf(data),
      });
      return;
    }
    const counts = this.countEncrypted(channel, 'seen');
    if (counts.delivered < counts.seen) {
      counts.delivered = counts.seen;
      this.deps.logger.log(
        'warn',
        `${this.name}: an encrypted event could not be decrypted with the channel's key`,
        {
          channel,
          event: event.slice(0, 100),
          note: 'pusher-js asks /broadcasting/auth for a fresh key and drops the event if that fails too',
        },
      );
    }
  }

  private onServerError(error: PusherError): void {
    if (this.phase !== 'connected') return;
    this.deps.logger.log('warn', `${this.name}: pusher:error`, { code: error.code, message: error.message });
    if (error.code === 4009) {
      // Reverb's answer to a channel signature it refused: which channel, it does not say.
      this.refusalHint = `the server sent pusher:error ${describePusherError(error)}, its answer to a channel signature it refused (do `
        + `Laravel and the server share the app secret?)`;
      return;
    }
    this.serverError = error;
  }

  private countEncrypted(channel: string, what: 'seen' | 'delivered'): { seen: number; delivered: number } {
    const counts = this.encrypted.get(channel) ?? { seen: 0, delivered: 0 };
    counts[what]++;
    this.encrypted.set(channel, counts);
    return counts;
  }
}

/** pusher-js parses a JSON string `data`; a second JSON layer (double-encoded data) is unwrapped too. */
/** Size of an event's data as it was on the wire (pusher-js hands it over parsed). */
function payloadBytes(data: unknown): number | undefined {
  try {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    return text === undefined ? undefined : Buffer.byteLength(text, 'utf8');
  } catch {
    return undefined;
  }
}

function decodeData(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? parsed : data;
  } catch {
    return data;
  }
}

/** pusher-js's Members object of a presence channel. */
function membersOf(data: unknown): PresenceMember[] {
  const each = typeof data === 'object' && data !== null ? (data as { each?: unknown }).each : undefined;
  if (typeof each !== 'function') return [];
  const out: PresenceMember[] = [];
  (each as (cb: (m: unknown) => void) => void).call(data, (m) => {
    const member = presenceMember(m);
    if (member) out.push(member);
  });
  return out;
}

/** Pending and not waiting out a busy answer (which carries the HTTP status). */
function isAwaitingAnswer(status: ChannelStatus | undefined): boolean {
  return status?.state === 'pending' && status.httpStatus === undefined;
}

/** A subscription_error the server sent (Soketi style: `{type, error, status}`). */
function serverRefusal(channel: string, data: unknown, server: string): ChannelStatus {
  const rec = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const error = typeof rec.error === 'string' ? rec.error : typeof data === 'string' ? data : undefined;
  const authError = rec.type === 'AuthError' || rec.status === 401 || rec.status === 403;
  const hint = authError
    ? ': it did not accept the signature from /broadcasting/auth (do Laravel and the server share the app secret?)'
    : '';
  return { channel, state: 'error', reason: `the ${server} server refused the subscription${error ? ` ("${error}")` : ''}${hint}` };
}
