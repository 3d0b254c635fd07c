import type { Urgency } from '../pipeline/notification.js';
import { FieldReader, join } from './reader.js';

/** Laravel's default Redis key prefix since 5.8 (`Str::slug(APP_NAME).'_database_'` with APP_NAME=Laravel). */
export const LARAVEL_DEFAULT_REDIS_PREFIX = 'laravel_database_';

export interface LaravelSettings {
  /** Base URL of the Laravel app; also the origin whose URLs may be opened. */
  readonly url: string;
  readonly login: string;
  readonly me: string;
  readonly authEndpoint: string;
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
  readonly name: string | undefined;
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
  readonly cluster: string | undefined;
  readonly wsHost: string | undefined;
  readonly wsPort: number | undefined;
  readonly wssPort: number | undefined;
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

export const BROADCASTERS = ['socket.io', 'pusher', 'reverb', 'relay', 'redis'] as const;

/** Where admin tools (`echo-tray publish`, the doctor) reach the Redis the app publishes to. */
export interface RedisTarget {
  readonly url: string;
  readonly prefix: string;
}

export interface EventRule {
  /** Channel pattern: `*` matches any run of characters, `{userId}` the logged-in user's id. */
  readonly channel: string | undefined;
  /** Event name: full (`App\Events\X`), short (`X`) or broadcastAs (`.backend_poster`). */
  readonly event: string | undefined;
  readonly title: string | undefined;
  readonly body: string | undefined;
  readonly url: string | undefined;
  readonly urgency: Urgency | undefined;
  /** A muted rule still records history but never raises an OS notification. */
  readonly mute: boolean;
}

export interface Profile {
  readonly name: string;
  readonly laravel: LaravelSettings;
  readonly connection: ConnectionSettings;
  readonly redis: RedisTarget | undefined;
  readonly channels: readonly string[];
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

const URGENCIES: readonly Urgency[] = ['low', 'normal', 'critical'];

/** Validates an untrusted profile (IT-provisioned JSON). Throws ProfileError listing every problem. */
export function parseProfile(input: unknown, source = 'profile'): ParsedProfile {
  const r = new FieldReader();
  const root = r.object(input, '(root)');
  if (!root) throw new ProfileError(source, r.errors);
  // `locked` belongs to IT's provisioning (app/desktop/provisioning.ts), which reads it before this.
  r.warnUnknown(root, ['$schema', 'name', 'locked', 'laravel', 'connection', 'redis', 'channels', 'rules', 'allowedOrigins', 'history', 'maxEventBytes'], '');

  const name = r.string(root, 'name', '', { fallback: 'Echo Tray' }) ?? 'Echo Tray';
  const laravel = readLaravel(r, root.laravel);
  const connection = readConnection(r, root.connection);
  const redis = readRedisTarget(r, root.redis, connection);
  const channels = r.stringArray(root, 'channels', '', { required: true });
  channels.forEach((c, i) => {
    if (/\s/.test(c)) r.errors.push(`channels[${i}]: channel names cannot contain spaces: "${c}"`);
  });
  const rules = readRules(r, root.rules);
  const allowedOrigins = r.stringArray(root, 'allowedOrigins', '').filter((o, i) => {
    try {
      const u = new URL(o);
      if (u.protocol === 'http:' || u.protocol === 'https:') return true;
    } catch {
      /* reported below */
    }
    r.errors.push(`allowedOrigins[${i}]: expected an http(s) origin like "https://app.example.com", got "${o}"`);
    return false;
  });
  const historyObj = root.history === undefined ? {} : r.object(root.history, 'history') ?? {};
  r.warnUnknown(historyObj, ['cap'], 'history');
  const history = { cap: r.integer(historyObj, 'cap', 'history', { min: 10, max: 1_000_000, fallback: 10_000 }) };
  const maxEventBytes = r.integer(root, 'maxEventBytes', '', { min: 1024, max: 64 * 1024 * 1024, fallback: 1024 * 1024 });

  if (r.errors.length > 0 || !laravel || !connection) throw new ProfileError(source, r.errors);
  return {
    profile: { name, laravel, connection, redis, channels, rules, allowedOrigins, history, maxEventBytes },
    warnings: r.warnings,
  };
}

function readLaravel(r: FieldReader, value: unknown): LaravelSettings | undefined {
  if (value === undefined) {
    r.errors.push('laravel: missing (required): { "url": "https://app.example.com", ... }');
    return undefined;
  }
  const obj = r.object(value, 'laravel');
  if (!obj) return undefined;
  r.warnUnknown(obj, ['url', 'login', 'me', 'authEndpoint'], 'laravel');
  const url = r.httpUrl(obj, 'url', 'laravel', { required: true });
  const path = (key: string, fallback: string): string => {
    const v = r.string(obj, key, 'laravel', { fallback }) ?? fallback;
    if (!v.startsWith('/') && !/^https?:\/\//.test(v)) r.errors.push(`laravel.${key}: expected a path starting with "/" or a full URL, got "${v}"`);
    return v;
  };
  const login = path('login', '/api/login');
  const me = path('me', '/api/user');
  const authEndpoint = path('authEndpoint', '/broadcasting/auth');
  return url === undefined ? undefined : { url: url.replace(/\/+$/, ''), login, me, authEndpoint };
}

function readReconnect(r: FieldReader, obj: Record<string, unknown>): ReconnectSettings {
  const reconnectionDelay = r.integer(obj, 'reconnectionDelay', 'connection', { min: 10, max: 600_000, fallback: 1000 });
  const reconnectionDelayMax = r.integer(obj, 'reconnectionDelayMax', 'connection', { min: 10, max: 3_600_000, fallback: 30_000 });
  const subscribeTimeout = r.integer(obj, 'subscribeTimeout', 'connection', { min: 100, max: 600_000, fallback: 15_000 });
  if (reconnectionDelayMax < reconnectionDelay) r.errors.push('connection.reconnectionDelayMax: must not be smaller than connection.reconnectionDelay');
  // Default 20 × reconnectionDelay within the cap: 20 s with the defaults (1,000 desktops × 2
  // channels ≈ 100 auth/s), short where retries are short.
  const reconnectionWindow = r.integer(obj, 'reconnectionWindow', 'connection', {
    min: 0,
    max: 600_000,
    fallback: Math.min(Math.max(reconnectionDelayMax, reconnectionDelay), 20 * reconnectionDelay),
  });
  return { reconnectionDelay, reconnectionDelayMax, reconnectionWindow, subscribeTimeout };
}

const RECONNECT_KEYS = ['reconnectionDelay', 'reconnectionDelayMax', 'reconnectionWindow', 'subscribeTimeout'];

function readConnection(r: FieldReader, value: unknown): ConnectionSettings | undefined {
  if (value === undefined) {
    r.errors.push('connection: missing (required): { "broadcaster": "socket.io", "host": "http://127.0.0.1:6001" }');
    return undefined;
  }
  const obj = r.object(value, 'connection');
  if (!obj) return undefined;
  const broadcaster = obj.broadcaster;
  switch (broadcaster) {
    case 'socket.io':
      return readSocketIo(r, obj);
    case 'redis':
      return readRedis(r, obj);
    case 'pusher':
    case 'reverb':
      return readPusher(r, obj, broadcaster);
    case 'relay':
      return readRelay(r, obj);
  }
  const names = BROADCASTERS.map((b) => `"${b}"`).join(', ');
  if (broadcaster === undefined) r.errors.push(`connection.broadcaster: missing (required): one of ${names}`);
  else r.errors.push(`connection.broadcaster: must be one of ${names}, got ${JSON.stringify(broadcaster)}`);
  return undefined;
}

function readSocketIo(r: FieldReader, obj: Record<string, unknown>): SocketIoConnection | undefined {
  r.warnUnknown(obj, ['broadcaster', 'host', 'path', 'socketio', ...RECONNECT_KEYS], 'connection');
  const relay = readSocketIoRelay(r, obj, 2);
  const reconnect = readReconnect(r, obj);
  return relay === undefined ? undefined : { broadcaster: 'socket.io', ...relay, ...reconnect };
}

function readRelay(r: FieldReader, obj: Record<string, unknown>): RelayConnection | undefined {
  r.warnUnknown(obj, ['broadcaster', 'host', 'path', 'socketio', 'prefix', ...RECONNECT_KEYS], 'connection');
  const relay = readSocketIoRelay(r, obj, 'auto');
  const prefix = readPrefix(r, obj, 'connection');
  const reconnect = readReconnect(r, obj);
  return relay === undefined ? undefined : { broadcaster: 'relay', ...relay, prefix, ...reconnect };
}

function readSocketIoRelay(r: FieldReader, obj: Record<string, unknown>, defaultMajor: 2 | 'auto'): Pick<SocketIoConnection, 'host' | 'path' | 'socketio'> | undefined {
  const host = r.httpUrl(obj, 'host', 'connection', { required: true, schemes: ['http:', 'https:', 'ws:', 'wss:'] });
  const path = r.string(obj, 'path', 'connection', { fallback: '/socket.io' }) ?? '/socket.io';
  const socketio = r.oneOf<2 | 4 | 'auto'>(obj, 'socketio', 'connection', [2, 4, 'auto'], defaultMajor);
  return host === undefined ? undefined : { host, path, socketio };
}

function readRedis(r: FieldReader, obj: Record<string, unknown>): RedisConnection | undefined {
  r.warnUnknown(obj, ['broadcaster', 'url', 'prefix', 'sentinels', 'name', 'pingInterval', 'pingTimeout', ...RECONNECT_KEYS], 'connection');
  const url = r.httpUrl(obj, 'url', 'connection', { required: true, schemes: ['redis:', 'rediss:'] });
  const prefix = readPrefix(r, obj, 'connection');
  const sentinels = readSentinels(r, obj.sentinels);
  const name = r.string(obj, 'name', 'connection');
  if (sentinels.length > 0 && name === undefined) r.errors.push('connection.name: required with connection.sentinels (the master name, e.g. "mymaster")');
  const reconnect = readReconnect(r, obj);
  let pingInterval = r.integer(obj, 'pingInterval', 'connection', { min: 0, max: 3_600_000, fallback: 15_000 });
  if (pingInterval > 0 && pingInterval < 100) {
    r.errors.push(`connection.pingInterval: 0 (off) or at least 100 ms, got ${pingInterval}`);
    pingInterval = 15_000;
  }
  const pingTimeout = r.integer(obj, 'pingTimeout', 'connection', { min: 100, max: 600_000, fallback: 10_000 });
  return url === undefined ? undefined : { broadcaster: 'redis', url, prefix, sentinels, name, pingInterval, pingTimeout, ...reconnect };
}

function readPrefix(r: FieldReader, obj: Record<string, unknown>, path: string): string {
  return r.string(obj, 'prefix', path, { fallback: LARAVEL_DEFAULT_REDIS_PREFIX, allowEmpty: true }) ?? LARAVEL_DEFAULT_REDIS_PREFIX;
}

/** pusher-js's own liveness options, passed through. */
const PUSHER_LIVENESS_KEYS = ['activityTimeout', 'pongTimeout'];

const PUSHER_KEYS = ['broadcaster', 'key', 'cluster', 'wsHost', 'wsPort', 'wssPort', 'forceTLS', 'enabledTransports', ...PUSHER_LIVENESS_KEYS, ...RECONNECT_KEYS];

function readPusher(r: FieldReader, obj: Record<string, unknown>, broadcaster: 'pusher' | 'reverb'): PusherConnection | undefined {
  r.warnUnknown(obj, PUSHER_KEYS, 'connection');
  const key = r.string(obj, 'key', 'connection', { required: true });
  const cluster = r.string(obj, 'cluster', 'connection');
  const wsHost = r.string(obj, 'wsHost', 'connection');
  if (wsHost !== undefined && /[/:]/.test(wsHost)) r.errors.push(`connection.wsHost: expected a host name like "ws.example.com" (no scheme, port or path), got "${wsHost}"`);
  if (broadcaster === 'reverb' && wsHost === undefined) r.errors.push('connection.wsHost: missing (required for Reverb): the host name of the Reverb server (REVERB_HOST)');
  if (broadcaster === 'pusher' && wsHost === undefined && cluster === undefined) {
    r.errors.push('connection.cluster: missing: Pusher cloud needs its cluster (PUSHER_APP_CLUSTER, e.g. "mt1"); a self-hosted server (Soketi) needs connection.wsHost instead');
  }
  const port = (name: string): number | undefined => (obj[name] === undefined ? undefined : r.integer(obj, name, 'connection', { min: 1, max: 65535, fallback: 0 }));
  const wsPort = port('wsPort');
  const wssPort = port('wssPort');
  const forceTLS = r.boolean(obj, 'forceTLS', 'connection', true);
  const enabledTransports = readPusherTransports(r, obj);
  const reconnect = readReconnect(r, obj);
  // pusher-js's own defaults (120 s, 30 s); the server's activity_timeout lowers the first when smaller.
  const activityTimeout = r.integer(obj, 'activityTimeout', 'connection', { min: 100, max: 3_600_000, fallback: 120_000 });
  const pongTimeout = r.integer(obj, 'pongTimeout', 'connection', { min: 100, max: 600_000, fallback: 30_000 });
  if (key === undefined) return undefined;
  const host = pusherSocketUrl({ key, cluster, wsHost, wsPort, wssPort, forceTLS, enabledTransports });
  const liveness = { activityTimeout, pongTimeout };
  return { broadcaster, key, cluster, wsHost, wsPort, wssPort, forceTLS, enabledTransports, host, ...liveness, ...reconnect };
}

/** The URL pusher-js tries first: TLS when forced (or when "ws" is not enabled), Pusher cloud without wsHost. */
export function pusherSocketUrl(c: Pick<PusherConnection, 'key' | 'cluster' | 'wsHost' | 'wsPort' | 'wssPort' | 'forceTLS' | 'enabledTransports'>): string {
  const tls = c.forceTLS || !c.enabledTransports.includes('ws');
  const host = c.wsHost ?? `ws-${c.cluster ?? 'mt1'}.pusher.com`;
  const port = tls ? c.wssPort ?? 443 : c.wsPort ?? 80;
  const defaultPort = tls ? 443 : 80;
  return `${tls ? 'wss' : 'ws'}://${host}${port === defaultPort ? '' : `:${port}`}/app/${c.key}`;
}

function readPusherTransports(r: FieldReader, obj: Record<string, unknown>): PusherWsTransport[] {
  if (obj.enabledTransports === undefined) return ['ws', 'wss'];
  const listed = r.stringArray(obj, 'enabledTransports', 'connection');
  const out: PusherWsTransport[] = [];
  listed.forEach((t, i) => {
    if (t === 'ws' || t === 'wss') out.push(t);
    else r.errors.push(`connection.enabledTransports[${i}]: only "ws" and "wss" are supported (HTTP fallbacks do not work outside a browser), got "${t}"`);
  });
  if (listed.length === 0 && r.errors.every((e) => !e.startsWith('connection.enabledTransports'))) r.errors.push('connection.enabledTransports: must list "ws", "wss" or both');
  return out;
}

function readSentinels(r: FieldReader, value: unknown): RedisSentinel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.errors.push('connection.sentinels: expected a list like [{"host": "10.0.0.5", "port": 26379}]');
    return [];
  }
  const out: RedisSentinel[] = [];
  value.forEach((item: unknown, i) => {
    const path = `connection.sentinels[${i}]`;
    const obj = r.object(item, path);
    if (!obj) return;
    const host = r.string(obj, 'host', path, { required: true });
    const port = r.integer(obj, 'port', path, { min: 1, max: 65535, fallback: 26379 });
    if (host !== undefined) out.push({ host, port });
  });
  return out;
}

function readRedisTarget(r: FieldReader, value: unknown, connection: ConnectionSettings | undefined): RedisTarget | undefined {
  if (value === undefined) {
    return connection?.broadcaster === 'redis' ? { url: connection.url, prefix: connection.prefix } : undefined;
  }
  const obj = r.object(value, 'redis');
  if (!obj) return undefined;
  r.warnUnknown(obj, ['url', 'prefix'], 'redis');
  const url = r.httpUrl(obj, 'url', 'redis', { required: true, schemes: ['redis:', 'rediss:'] });
  const prefix = r.string(obj, 'prefix', 'redis', { fallback: LARAVEL_DEFAULT_REDIS_PREFIX, allowEmpty: true }) ?? LARAVEL_DEFAULT_REDIS_PREFIX;
  return url === undefined ? undefined : { url, prefix };
}

function readRules(r: FieldReader, value: unknown): EventRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.errors.push('rules: expected a list of rules like [{"event": "TodoEventUpdated", "title": "{{todo.title}}"}]');
    return [];
  }
  const rules: EventRule[] = [];
  value.forEach((item: unknown, i) => {
    const path = `rules[${i}]`;
    const obj = r.object(item, path);
    if (!obj) return;
    r.warnUnknown(obj, ['channel', 'event', 'title', 'body', 'url', 'urgency', 'mute'], path);
    const channel = r.string(obj, 'channel', path);
    const event = r.string(obj, 'event', path);
    if (channel === undefined && event === undefined) r.errors.push(`${join(path, 'channel')}: a rule needs a "channel" pattern, an "event" name, or both`);
    const urgency = obj.urgency === undefined ? undefined : r.oneOf<Urgency>(obj, 'urgency', path, URGENCIES, 'normal');
    rules.push({
      channel,
      event,
      title: r.string(obj, 'title', path, { allowEmpty: true }),
      body: r.string(obj, 'body', path, { allowEmpty: true }),
      url: r.string(obj, 'url', path, { allowEmpty: true }),
      urgency,
      mute: r.boolean(obj, 'mute', path, false),
    });
  });
  return rules;
}
