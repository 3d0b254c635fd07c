import type { ChannelLabel } from '../i18n/index.js';
import { issueLines, unknownKeyWarnings } from '../schema/issues.js';
import { BROADCASTERS, LARAVEL_DEFAULT_REDIS_PREFIX, ProfileSchema, pusherSocketUrl, type Urgency } from './profile-schema.js';

export { BROADCASTERS, LARAVEL_DEFAULT_REDIS_PREFIX, pusherSocketUrl };

export interface LaravelSettings {
  /** Base URL of the Laravel app; also the origin whose URLs may be opened. */
  readonly url: string;
  readonly login: string;
  readonly me: string;
  readonly authEndpoint: string;
  /** tymon/jwt-auth's `POST …/refresh` (path or URL); undefined: the token is never refreshed. */
  readonly refresh?: string | undefined;
  /** `GET` of the user's database notifications, newest first; undefined: no catch-up after an outage. */
  readonly notifications?: string | undefined;
  /** `POST` marking one notification read; `{id}` is replaced by its uuid. Undefined: Laravel is not told. */
  readonly markRead?: string | undefined;
}

export interface ReconnectSettings {
  /** First retry delay in ms (socket.io's `reconnectionDelay`). */
  readonly reconnectionDelay: number;
  /** Cap of the exponential backoff in ms (socket.io's `reconnectionDelayMax`). */
  readonly reconnectionDelayMax: number;
  /**
   * After the server dropped an established connection, the first reconnection falls at a random
   * moment within this many ms (a whole company's desktops do not return in the same second).
   */
  readonly reconnectionWindow: number;
  /** A subscription neither confirmed nor refused within this time gets an error status. */
  readonly subscribeTimeout: number;
}

export interface SocketIoConnection extends ReconnectSettings {
  readonly broadcaster: 'socket.io';
  readonly host: string;
  readonly path: string;
  /** laravel-echo-server is a socket.io 2.x server. */
  readonly socketio: 2 | 4 | 'auto';
}

export interface RedisSentinel {
  readonly host: string;
  readonly port: number;
}

export interface RedisConnection extends ReconnectSettings {
  readonly broadcaster: 'redis';
  readonly url: string;
  readonly prefix: string;
  /** ioredis Sentinel support: when set, `url` only carries password/db and `name` is the master. */
  readonly sentinels: readonly RedisSentinel[];
  readonly name?: string | undefined;
  /**
   * ms of silence after which the subscriber connection sends a PING (0: never). Redis pub/sub has
   * no heartbeat of its own, and a frozen server keeps the TCP connection open.
   */
  readonly pingInterval: number;
  /** ms without any answer after a PING before the connection counts as dead and is replaced. */
  readonly pingTimeout: number;
}

/** Pusher Channels protocol (Pusher cloud, Soketi; `reverb` = Laravel Reverb), keys as laravel-echo's. */
export interface PusherConnection extends ReconnectSettings {
  readonly broadcaster: 'pusher' | 'reverb';
  readonly key: string;
  /** Pusher cloud cluster (`mt1`, `eu`…); unused when `wsHost` is set. */
  readonly cluster?: string | undefined;
  readonly wsHost?: string | undefined;
  readonly wsPort?: number | undefined;
  readonly wssPort?: number | undefined;
  readonly forceTLS: boolean;
  /** Only WebSocket transports: under Node pusher-js would otherwise fall back to HTTP polling. */
  readonly enabledTransports: readonly PusherWsTransport[];
  /** Derived, for status lines: the WebSocket URL tried first (the socket.io variants' `host`). */
  readonly host: string;
  /** pusher-js `activityTimeout`: ms of silence from the server before the client sends a ping. */
  readonly activityTimeout: number;
  /** pusher-js `pongTimeout`: ms to wait for the pong before the connection counts as dead. */
  readonly pongTimeout: number;
}

export type PusherWsTransport = 'ws' | 'wss';

/**
 * Seed 003's minimal relay: it PSUBSCRIBEs `*` and emits `<redis channel>:<event>` to every client,
 * without rooms or auth. The Redis channel still carries Laravel's key prefix.
 */
export interface RelayConnection extends ReconnectSettings {
  readonly broadcaster: 'relay';
  readonly host: string;
  readonly path: string;
  readonly socketio: 2 | 4 | 'auto';
  readonly prefix: string;
}

export type ConnectionSettings = SocketIoConnection | RedisConnection | PusherConnection | RelayConnection;

/** Where admin tools (`echo-tray publish`, the doctor) reach the Redis the app publishes to. */
export interface RedisTarget {
  readonly url: string;
  readonly prefix: string;
}

export interface EventRule {
  /** Channel pattern: `*` matches any run of characters, `{userId}` the logged-in user's id. */
  readonly channel?: string | undefined;
  /** Event name: full (`App\Events\X`), short (`X`) or broadcastAs (`.backend_poster`). */
  readonly event?: string | undefined;
  readonly title?: string | undefined;
  readonly body?: string | undefined;
  readonly url?: string | undefined;
  readonly urgency?: Urgency | undefined;
  /** A muted rule still records history but never raises an OS notification. */
  readonly mute: boolean;
}

export interface Profile {
  readonly name: string;
  readonly laravel: LaravelSettings;
  readonly connection: ConnectionSettings;
  readonly redis: RedisTarget | undefined;
  readonly channels: readonly string[];
  /** Labels staff read instead of a channel's name, by channel template (`channels` entries with a label). */
  readonly channelLabels: Readonly<Record<string, ChannelLabel>>;
  readonly rules: readonly EventRule[];
  /** Extra origins (besides laravel.url's) whose URLs may be opened from a notification. */
  readonly allowedOrigins: readonly string[];
  readonly history: { readonly cap: number };
  /** Events whose payload is larger than this are counted as malformed and dropped. */
  readonly maxEventBytes: number;
}

export class ProfileError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`invalid profile ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProfileError';
  }
}

export interface ParsedProfile {
  readonly profile: Profile;
  readonly warnings: readonly string[];
}

/** Validates an untrusted profile (IT-provisioned JSON). Throws ProfileError listing every problem. */
export function parseProfile(input: unknown, source = 'profile'): ParsedProfile {
  const parsed = ProfileSchema.safeParse(input);
  if (!parsed.success) throw new ProfileError(source, issueLines(parsed.error));
  const profile: Profile = parsed.data;
  return { profile, warnings: unknownKeyWarnings(ProfileSchema, input) };
}
