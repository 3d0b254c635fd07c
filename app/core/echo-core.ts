import type { ChannelAuthResult, LaravelClient } from '../auth/laravel-client.js';
import type { Session } from '../auth/session.js';
import type { Logger } from '../log.js';
import { expandChannel } from '../pipeline/channel-pattern.js';
import { NotificationMapper } from '../pipeline/mapper.js';
import type { BroadcastEvent, StoredNotification, TrayNotification } from '../pipeline/notification.js';
import { readEnvelope } from '../transport/laravel-envelope.js';
import { normalize } from '../pipeline/normalize.js';
import { Router } from '../pipeline/router.js';
import { BROADCAST_NOTIFICATION_EVENT } from '../pipeline/laravel-names.js';
import type { Profile } from '../profile/profile.js';
import { createTransport, type TransportFactory } from '../transport/create-transport.js';
import { sampleOf } from '../util/log-format.js';
import type {
  ChannelStatus,
  ConnectionStatus,
  MalformedInput,
  PresenceChange,
  PresenceMember,
  RawMessage,
  Transport,
  TransportListener,
  WireEnvelope,
} from '../transport/transport.js';
import { TypedEmitter } from '../util/typed-emitter.js';
import { PresenceRoster } from './presence-roster.js';
import { SlicedQueue } from './sliced-queue.js';
import { errorMessage } from '../util/error-reason.js';

/** One mapped notification on its way to the sinks (history, CLI, OS notifier, window). */
export interface Delivery {
  readonly notification: TrayNotification;
  /** Channel or rule muted: record it, raise no OS notification. */
  readonly muted: boolean;
  readonly event: BroadcastEvent;
  /** Caught up from `laravel.notifications` after an outage, not received live. */
  readonly missed?: boolean;
  /** Missed and already read in Laravel (`read_at` set): recorded as read, never raised. */
  readonly alreadyRead?: boolean;
}

export interface CoreStats {
  received: number;
  delivered: number;
  duplicates: number;
  notSubscribed: number;
  malformed: number;
  /** Events dropped because far more arrived than could be processed (see MAX_QUEUED). */
  overloaded: number;
}

const EXPIRED: ChannelAuthResult = { ok: false, status: 401, reason: 'session expired: log in again' };

/** Processing runs in slices of this length, so the transport's socket is read between them. */
const SLICE_MS = 8;
/** Events waiting to be processed at most (a burst of 1 KB events: ~250 MB). */
const MAX_QUEUED = 250_000;

export type CoreEvents = {
  connection: [ConnectionStatus];
  channel: [ChannelStatus];
  notification: [Delivery];
  presence: [string, readonly PresenceMember[]];
  malformed: [MalformedInput];
  /** A relay or Laravel answered 401 for a channel: the token is no longer good. */
  'session-expired': [ChannelStatus];
};

export interface EchoCoreDeps {
  readonly profile: Profile;
  readonly session: Session;
  readonly laravel: LaravelClient;
  readonly logger: Logger;
  readonly transportFactory?: TransportFactory;
  readonly now?: () => Date;
}

/**
 * The Electron-free heart: one transport, the pipeline (normalize → route → map) and the sinks.
 * The CLI, the Electron main process and the preview all drive this same object.
 */
export class EchoCore extends TypedEmitter<CoreEvents> {
  readonly stats: CoreStats = { received: 0, delivered: 0, duplicates: 0, notSubscribed: 0, malformed: 0, overloaded: 0 };
  private session: Session;
  private readonly transport: Transport;
  private readonly router: Router;
  private readonly mapper: NotificationMapper;
  private readonly roster = new PresenceRoster();
  private readonly statuses = new Map<string, ChannelStatus>();
  private readonly muted = new Set<string>();
  private connectionStatus: ConnectionStatus;
  /** Laravel answered 401 for the current token (told once; no more authorizations asked with it). */
  private expiredNotified = false;
  /**
   * A new session came and the transport is reconnecting to use it: until it is connected again, a
   * 401 answers a subscription asked with the old token and says nothing of the new one.
   */
  private awaitingNewConnection = false;
  private readonly now: () => Date;
  /** Incoming events: processed inline when idle, in slices during a burst. */
  private readonly ingress: SlicedQueue<RawMessage | WireEnvelope>;

  constructor(private readonly deps: EchoCoreDeps) {
    super((event, err) => deps.logger.log('error', 'a listener failed', { event, error: errorMessage(err) }));
    this.session = deps.session;
    this.now = deps.now ?? (() => new Date());
    const profile = deps.profile;
    this.connectionStatus = { state: 'stopped', transport: profile.connection.broadcaster };
    this.ingress = new SlicedQueue<RawMessage | WireEnvelope>((item) => this.processIncoming(item), {
      sliceMs: SLICE_MS,
      maxQueued: MAX_QUEUED,
      onOverflow: (dropped) => {
        this.stats.overloaded = dropped;
        deps.logger.log('error', `overloaded: ${dropped} events dropped, more arrived than could be processed`, { dropped });
      },
      onError: (err) => deps.logger.log('error', 'processing an event failed', { error: errorMessage(err) }),
    });
    this.router = new Router((channel) => this.statuses.has(channel));
    this.mapper = new NotificationMapper(profile.rules, deps.session.userId, profile.laravel.url);
    const listener: TransportListener = {
      onConnection: (s) => this.onConnection(s),
      onChannel: (s) => this.onChannel(s),
      onMessage: (m) => this.onMessage(m),
      onEnvelope: (e) => this.onMessage(e),
      onPresence: (p) => this.onPresence(p),
      onMalformed: (m) => this.onMalformed(m),
    };
    const authority = {
      token: () => this.session.token,
      // Once Laravel answered 401, the token is dead: later resubscriptions get that answer here
      // instead of asking again on every reconnect, until a new session comes (replaceSession).
      authorize: (channel: string, socketId?: string): Promise<ChannelAuthResult> =>
        this.expiredNotified ? Promise.resolve(EXPIRED) : deps.laravel.authorizeChannel(this.session.token, channel, socketId),
    };
    this.transport = (deps.transportFactory ?? createTransport)(profile, { authority, listener, logger: deps.logger });
  }

  get userId(): string {
    return this.session.userId;
  }

  /** The bearer token in use (refreshed ones included). */
  get token(): string {
    return this.session.token;
  }

  get connection(): ConnectionStatus {
    return this.connectionStatus;
  }

  get transportName(): string {
    return this.transport.name;
  }

  /** The profile's channels with `{userId}` filled in. */
  profileChannels(): string[] {
    return [...new Set(this.deps.profile.channels.map((c) => expandChannel(c, this.session.userId)))];
  }

  start(): void {
    this.transport.start();
    for (const channel of this.profileChannels()) this.addChannel(channel);
  }

  async stop(): Promise<void> {
    await this.transport.stop();
    // Received is received: what is still queued from a burst is processed, not lost.
    this.ingress.drainAll();
  }

  addChannel(template: string): string {
    const channel = expandChannel(template, this.session.userId);
    if (!this.statuses.has(channel)) {
      this.statuses.set(channel, { channel, state: 'pending' });
      this.transport.subscribe(channel);
    }
    return channel;
  }

  removeChannel(channel: string): void {
    if (!this.statuses.has(channel)) return;
    this.transport.unsubscribe(channel);
    this.statuses.delete(channel);
    this.roster.forget(channel);
  }

  channels(): ChannelStatus[] {
    return [...this.statuses.values()];
  }

  presence(channel: string): readonly PresenceMember[] {
    return this.roster.members(channel);
  }

  setMuted(channel: string, muted: boolean): void {
    if (muted) this.muted.add(channel);
    else this.muted.delete(channel);
  }

  isMuted(channel: string): boolean {
    return this.muted.has(channel);
  }

  /** A notification id already shown on this channel (e.g. loaded from history) is not shown again. */
  rememberNotificationId(id: string, channel: string): void {
    this.router.remember(channel, id);
  }

  /** Shown live on this channel, or loaded from history. */
  knowsNotification(id: string, channel: string): boolean {
    return this.router.knows(channel, id);
  }

  /**
   * Missed database notifications (oldest first) through the same pipeline as their broadcast on
   * `channel` would have taken: BroadcastNotificationCreated's payload is toBroadcast()'s fields
   * plus `id` and `type`. Returns the deliveries emitted (duplicates of live ones are dropped).
   */
  deliverMissed(channel: string, items: readonly StoredNotification[]): Delivery[] {
    const out: Delivery[] = [];
    for (const item of items) {
      const data = { ...item.data, id: item.id, ...(item.type !== undefined ? { type: item.type } : {}) };
      const raw: RawMessage = { channel, event: BROADCAST_NOTIFICATION_EVENT, data };
      const delivery = this.process(raw, { alreadyRead: item.readAt !== undefined, at: item.createdAt });
      if (delivery) out.push(delivery);
    }
    return out;
  }

  /** A refreshed token, used from the next (re)subscription on; live subscriptions stay as they are. */
  useSession(session: Session): void {
    this.session = session;
    this.expiredNotified = false;
  }

  /** A fresh token (re-login, refresh): used from the next (re)subscription on, then resubscribe. */
  replaceSession(session: Session): void {
    this.session = session;
    this.expiredNotified = false;
    this.awaitingNewConnection = true;
    this.transport.reconnectNow('new session token');
  }

  reconnectNow(reason: string): void {
    this.transport.reconnectNow(reason);
  }

  private onConnection(status: ConnectionStatus): void {
    if (status.state === 'connected') this.awaitingNewConnection = false;
    this.connectionStatus = status;
    this.emit('connection', status);
  }

  private onChannel(status: ChannelStatus): void {
    if (status.state === 'unsubscribed') {
      this.emit('channel', status);
      return;
    }
    if (!this.statuses.has(status.channel)) return;
    if (status.state === 'expired' && this.awaitingNewConnection) return;
    this.statuses.set(status.channel, status);
    this.emit('channel', status);
    if (status.state === 'expired' && !this.expiredNotified) {
      this.expiredNotified = true;
      this.emit('session-expired', status);
    }
  }

  private onMessage(item: RawMessage | WireEnvelope): void {
    this.stats.received++;
    this.ingress.push(item);
  }

  private processIncoming(item: RawMessage | WireEnvelope): void {
    if (!('envelope' in item)) {
      this.process(item);
      return;
    }
    const read = readEnvelope(item);
    if ('reason' in read) this.onMalformed(read);
    else this.process(read);
  }

  private process(raw: RawMessage, missed?: { alreadyRead: boolean; at: Date | undefined }): Delivery | undefined {
    const normalized = normalize(raw, missed ? 'catch-up' : this.transport.name, missed?.at ?? this.now(), this.deps.profile.maxEventBytes);
    if (!normalized.ok) {
      this.onMalformed({ channel: raw.channel, reason: normalized.reason, sample: sample(raw) });
      return undefined;
    }
    const ev = normalized.event;
    const decision = this.router.route(ev);
    if (decision === 'duplicate') {
      this.stats.duplicates++;
      return undefined;
    }
    if (decision === 'not-subscribed') {
      this.stats.notSubscribed++;
      return undefined;
    }
    let mapped;
    try {
      mapped = this.mapper.map(ev);
    } catch (err) {
      this.onMalformed({ channel: ev.channel, reason: `could not map event ${ev.event}: ${errorMessage(err)}`, sample: sample(raw) });
      return undefined;
    }
    this.stats.delivered++;
    const delivery: Delivery = {
      notification: mapped.notification,
      muted: mapped.muted || this.muted.has(ev.channel),
      event: ev,
      ...(missed ? { missed: true, alreadyRead: missed.alreadyRead } : {}),
    };
    this.emit('notification', delivery);
    return delivery;
  }

  private onPresence(change: PresenceChange): void {
    if (!this.statuses.has(change.channel)) return;
    this.emit('presence', change.channel, this.roster.apply(change));
  }

  private onMalformed(input: MalformedInput): void {
    this.stats.malformed++;
    this.deps.logger.log('warn', 'malformed event dropped', { channel: input.channel, reason: input.reason, sample: input.sample });
    this.emit('malformed', input);
  }
}

function sample(raw: RawMessage): string {
  return sampleOf({ event: raw.event, data: raw.data });
}
