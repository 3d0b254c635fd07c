/** The one interface every broadcaster speaks (socket.io relays, Pusher-protocol servers, direct Redis). */
import type { ChannelAuthResult } from '../auth/laravel-client.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'stopped';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** `socket.io`, `redis`, … */
  readonly transport: string;
  /** Protocol detail worth telling the user, e.g. "socket.io v2 (engine.io 3)". */
  readonly protocol?: string;
  /** Why we are not connected (last error), in words. */
  readonly reason?: string;
  /** When reconnecting: delay until the next attempt. */
  readonly retryInMs?: number;
  /** The server (or a proxy in front of it) said 429/503: the wait is its request, not a failure. */
  readonly busy?: boolean;
}

export type ChannelState = 'pending' | 'subscribed' | 'denied' | 'expired' | 'error' | 'unsubscribed';

export interface ChannelStatus {
  readonly channel: string;
  readonly state: ChannelState;
  /**
   * HTTP status of the refusal (401, 403, 0 = Laravel unreachable), when there was one; on a pending
   * channel, the busy answer (429/503) being waited out.
   */
  readonly httpStatus?: number;
  readonly reason?: string;
}

/** An event as the wire delivered it, before any validation. */
export interface RawMessage {
  /** Channel as received (Redis mode: still carrying the key prefix). */
  readonly channel: string;
  /** Event name; undefined when the transport could not find one (Redis envelope without `event`). */
  readonly event: unknown;
  readonly data: unknown;
  /** Size of the payload on the wire, when known. */
  readonly bytes?: number;
}

/** Laravel's broadcast payload (`{"event","data","socket"}`, RedisBroadcaster) as the wire carried it, not read yet. */
export interface WireEnvelope {
  readonly channel: string;
  readonly envelope: Buffer;
}

export interface PresenceMember {
  readonly id: string;
  readonly info: unknown;
}

export type PresenceChange =
  | { readonly kind: 'here'; readonly channel: string; readonly members: readonly PresenceMember[] }
  | { readonly kind: 'joining'; readonly channel: string; readonly member: PresenceMember }
  | { readonly kind: 'leaving'; readonly channel: string; readonly member: PresenceMember };

export interface MalformedInput {
  readonly channel: string;
  readonly reason: string;
  /** The first bytes of what arrived, for the log. */
  readonly sample: string;
}

export interface TransportListener {
  onConnection(status: ConnectionStatus): void;
  onChannel(status: ChannelStatus): void;
  onMessage(message: RawMessage): void;
  /** Laravel's broadcast payload as the wire carried it (Redis pub/sub): read by whoever processes it. */
  onEnvelope(envelope: WireEnvelope): void;
  onPresence(change: PresenceChange): void;
  onMalformed(input: MalformedInput): void;
}

export interface Transport {
  readonly name: string;
  /** Connects, and keeps reconnecting (capped backoff) until stop(). */
  start(): void;
  /** Idempotent; (re)subscribed after every reconnect with the current token. */
  subscribe(channel: string): void;
  unsubscribe(channel: string): void;
  /** Drop the connection and connect again now (sleep/resume, network change). */
  reconnectNow(reason: string): void;
  stop(): Promise<void>;
}

/** What a transport needs to authorize private and presence channels. */
export interface ChannelAuthority {
  /** The current bearer token (it may be refreshed between calls). */
  token(): string;
  authorize(channel: string, socketId?: string): Promise<ChannelAuthResult>;
}

/** How every transport words an event over the profile's `maxEventBytes` (reported as malformed). */
export function oversizeReason(bytes: number, limit: number): string {
  return `payload of ${bytes} bytes exceeds the ${limit}-byte limit`;
}

export function isPrivateChannel(channel: string): boolean {
  return channel.startsWith('private-') || channel.startsWith('presence-');
}

export function isPresenceChannel(channel: string): boolean {
  return channel.startsWith('presence-');
}

/** laravel-echo-server's subscription_error status, and our own auth answers, as a channel state. */
export function refusalStatus(channel: string, httpStatus: number, detail?: string): ChannelStatus {
  if (httpStatus === 401) return { channel, state: 'expired', httpStatus, reason: detail ?? 'session expired: log in again' };
  if (httpStatus === 403) return { channel, state: 'denied', httpStatus, reason: detail ?? 'Laravel refused this channel for this user' };
  if (httpStatus === 0) {
    return { channel, state: 'error', httpStatus, reason: detail ?? 'Laravel unreachable: the relay could not ask /broadcasting/auth' };
  }
  return { channel, state: 'error', httpStatus, reason: detail ?? `authorization failed (HTTP ${httpStatus})` };
}

export function presenceMember(value: unknown): PresenceMember | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const rec = value as Record<string, unknown>;
  const id = rec.user_id ?? rec.id;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  return { id: String(id), info: rec.user_info ?? rec.info ?? null };
}
