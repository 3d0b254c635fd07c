/**
 * The profile (IT-provisioned JSON) as one zod schema: types, defaults and every message an
 * administrator reads ("connection.wsPort: must be between 1 and 65535, got 70000") live here.
 */
import * as z from 'zod';
import { LOCALES, type ChannelLabel } from '../i18n/index.js';
import { describe, objectShapeOf } from '../schema/issues.js';
import { redactUrl } from '../util/redact-url.js';
import type { PusherConnection } from './profile.js';

/** Laravel's default Redis key prefix since 5.8 (`Str::slug(APP_NAME).'_database_'` with APP_NAME=Laravel). */
export const LARAVEL_DEFAULT_REDIS_PREFIX = 'laravel_database_';
export const BROADCASTERS = ['socket.io', 'pusher', 'reverb', 'relay', 'redis'] as const;

const missingOr = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'missing (required)' : `${what}, got ${describe(issue.input)}`;

/** A string; empty only when `allowEmpty`. */
function text(opts: { allowEmpty?: boolean } = {}) {
  const s = z.string({ error: missingOr('expected a string') });
  return opts.allowEmpty ? s : s.refine((v) => v.trim() !== '', { error: 'must not be empty' });
}

function whole(min: number, max: number) {
  return z
    .number({ error: missingOr('expected a whole number') })
    .int({ error: (i) => `expected a whole number, got ${describe(i.input)}` })
    .min(min, { error: (i) => `must be between ${min} and ${max}, got ${String(i.input)}` })
    .max(max, { error: (i) => `must be between ${min} and ${max}, got ${String(i.input)}` });
}

const flag = () => z.boolean({ error: missingOr('expected true or false') });

/** How loudly a notification asks for attention: a rule's `urgency`, then the notification's. */
export const URGENCIES = ['low', 'normal', 'critical'] as const;
export type Urgency = typeof URGENCIES[number];

function oneOf<const T extends readonly [string | number, ...(string | number)[]]>(values: T) {
  return z.literal(values, { error: (i) => `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(i.input)}` });
}

function url(schemes: readonly string[] = ['http:', 'https:']) {
  return text().superRefine((raw, ctx) => {
    let protocol: string;
    try {
      protocol = new URL(raw).protocol;
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a valid URL: "${redactUrl(raw)}"` });
      return;
    }
    const names = schemes.map((s) => s.replace(':', '')).join(' or ');
    if (!schemes.includes(protocol)) ctx.addIssue({ code: 'custom', message: `expected a ${names} URL, got "${redactUrl(raw)}"` });
  });
}

const endpointText = () =>
  text().refine((v) => v.startsWith('/') || /^https?:\/\//.test(v), {
    error: (i) => `expected a path starting with "/" or a full URL, got "${String(i.input)}"`,
  });
const endpoint = (fallback: string) => endpointText().default(fallback);
const optionalEndpoint = () => endpointText().optional();

const LaravelSchema = z.object(
  {
    url: url().transform((u) => u.replace(/\/+$/, '')),
    login: endpoint('/api/login'),
    me: endpoint('/api/user'),
    authEndpoint: endpoint('/broadcasting/auth'),
    /** tymon/jwt-auth's `POST …/refresh`; absent: the token is never refreshed. */
    refresh: optionalEndpoint(),
    /** `GET` of the user's database notifications, newest first; absent: no catch-up after an outage. */
    notifications: optionalEndpoint(),
    /** `POST` marking one notification read; `{id}` is replaced by its uuid. Absent: Laravel is not told. */
    markRead: optionalEndpoint().refine((v) => v === undefined || v.includes('{id}'), {
      error: (i) =>
        `must contain "{id}" where the notification's id goes, e.g. "/api/notifications/{id}/read", got "${String(i.input)}"`,
    }),
  },
  { error: missingOr('expected an object') },
);

const reconnect = {
  reconnectionDelay: whole(10, 600_000).default(1000),
  reconnectionDelayMax: whole(10, 3_600_000).default(30_000),
  subscribeTimeout: whole(100, 600_000).default(15_000),
  /** After a server-side drop the first reconnection falls anywhere in this window (a fleet spreads out). */
  reconnectionWindow: whole(0, 600_000).optional(),
};

/**
 * The window defaults to 20 × reconnectionDelay within the cap: 20 s with the defaults (1,000 desktops ×
 * 2 channels ≈ 100 auth/s), short where retries are short.
 */
function withWindow<T extends { reconnectionDelay: number; reconnectionDelayMax: number; reconnectionWindow?: number | undefined }>(
  c: T,
): T & { reconnectionWindow: number } {
  const fallback = Math.min(Math.max(c.reconnectionDelayMax, c.reconnectionDelay), 20 * c.reconnectionDelay);
  return { ...c, reconnectionWindow: c.reconnectionWindow ?? fallback };
}

function reconnectOrder(c: { reconnectionDelay: number; reconnectionDelayMax: number }, ctx: z.RefinementCtx): void {
  if (c.reconnectionDelayMax < c.reconnectionDelay) {
    ctx.addIssue({ code: 'custom', path: ['reconnectionDelayMax'], message: 'must not be smaller than connection.reconnectionDelay' });
  }
}

const socketio = (fallback: 2 | 'auto') => oneOf([2, 4, 'auto']).default(fallback);
const prefix = () => text({ allowEmpty: true }).default(LARAVEL_DEFAULT_REDIS_PREFIX);

const SocketIoSchema = z
  .object({
    broadcaster: z.literal('socket.io'),
    host: url(['http:', 'https:', 'ws:', 'wss:']),
    path: text().default('/socket.io'),
    socketio: socketio(2),
    ...reconnect,
  })
  .superRefine(reconnectOrder)
  .transform(withWindow);

/** A plain socket.io relay that re-emits every Redis message as `<redis channel>:<event>` (no rooms, no auth). */
const RelaySchema = z
  .object({
    broadcaster: z.literal('relay'),
    host: url(['http:', 'https:', 'ws:', 'wss:']),
    path: text().default('/socket.io'),
    socketio: socketio('auto'),
    prefix: prefix(),
    ...reconnect,
  })
  .superRefine(reconnectOrder)
  .transform(withWindow);

const SentinelSchema = z.object({ host: text(), port: whole(1, 65535).default(26379) }, { error: missingOr('expected an object') });

const RedisSchema = z
  .object({
    broadcaster: z.literal('redis'),
    url: url(['redis:', 'rediss:']),
    prefix: prefix(),
    sentinels: z.array(SentinelSchema, { error: 'expected a list like [{"host": "10.0.0.5", "port": 26379}]' }).default([]),
    name: text().optional(),
    pingInterval: whole(0, 3_600_000)
      .refine((v) => v === 0 || v >= 100, { error: (i) => `0 (off) or at least 100 ms, got ${String(i.input)}` })
      .default(15_000),
    pingTimeout: whole(100, 600_000).default(10_000),
    ...reconnect,
  })
  .superRefine((c, ctx) => {
    reconnectOrder(c, ctx);
    if (c.sentinels.length > 0 && c.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'required with connection.sentinels (the master name, e.g. "mymaster")' });
    }
  })
  .transform(withWindow);

const nonEmptyExpected = (i: { input?: unknown }) => `expected a non-empty string, got ${describe(i.input)}`;

const transport = z.string({ error: nonEmptyExpected }).refine((t) => t === 'ws' || t === 'wss', {
  error: (i) => `only "ws" and "wss" are supported (HTTP fallbacks do not work outside a browser), got "${String(i.input)}"`,
});

const port = () => whole(1, 65535).optional();

const PusherSchema = z
  .object({
    broadcaster: z.literal(['pusher', 'reverb']),
    key: text(),
    // laravel-echo's `cluster: process.env.MIX_PUSHER_APP_CLUSTER` is "" for Soketi; pusher-js accepts it when wsHost is set.
    cluster: text({ allowEmpty: true })
      .optional()
      .transform((c) => (c === undefined || c.trim() === '' ? undefined : c)),
    wsHost: text()
      .refine((h) => !/[/:]/.test(h), {
        error: (i) => `expected a host name like "ws.example.com" (no scheme, port or path), got "${String(i.input)}"`,
      })
      .optional(),
    wsPort: port(),
    wssPort: port(),
    forceTLS: flag().default(true),
    /** pusher-js `activityTimeout`: ms of silence from the server before the client sends a ping. */
    activityTimeout: whole(100, 3_600_000).default(120_000),
    /** pusher-js `pongTimeout`: ms to wait for the pong before the connection counts as dead. */
    pongTimeout: whole(100, 600_000).default(30_000),
    /** Only WebSocket transports: under Node pusher-js would otherwise fall back to HTTP polling. */
    enabledTransports: z
      .array(transport, { error: missingOr('expected a list of strings') })
      .min(1, { error: 'must list "ws", "wss" or both' })
      .default(['ws', 'wss'])
      .transform((list) => list.filter((t): t is 'ws' | 'wss' => t === 'ws' || t === 'wss')),
    ...reconnect,
  })
  .superRefine((c, ctx) => {
    reconnectOrder(c, ctx);
    if (c.broadcaster === 'reverb' && c.wsHost === undefined) {
      const message = 'missing (required for Reverb): the host name of the Reverb server (REVERB_HOST)';
      ctx.addIssue({ code: 'custom', path: ['wsHost'], message });
    }
    if (c.broadcaster === 'pusher' && c.wsHost === undefined && c.cluster === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster'],
        message:
          'missing: Pusher cloud needs its cluster (PUSHER_APP_CLUSTER, e.g. "mt1"); ' +
          'a self-hosted server (Soketi) needs connection.wsHost instead',
      });
    }
  })
  .transform((c) => withWindow({ ...c, host: pusherSocketUrl(c) }));

const broadcasterNames = BROADCASTERS.map((b) => `"${b}"`).join(', ');

export const ConnectionSchema = z.discriminatedUnion('broadcaster', [SocketIoSchema, RelaySchema, RedisSchema, PusherSchema], {
  error: (issue) => {
    const input = issue.input;
    if (input === undefined) return 'missing (required): { "broadcaster": "socket.io", "host": "http://127.0.0.1:6001" }';
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return `expected an object, got ${describe(input)}`;
    const given = 'broadcaster' in input ? input.broadcaster : undefined;
    if (given === undefined) return `missing (required): one of ${broadcasterNames}`;
    return `must be one of ${broadcasterNames}, got ${JSON.stringify(given)}`;
  },
});

const RedisTargetSchema = z.object({ url: url(['redis:', 'rediss:']), prefix: prefix() }, { error: missingOr('expected an object') });

const RuleSchema = z
  .object(
    {
      /** Channel pattern: `*` matches any run of characters, `{userId}` the logged-in user's id. */
      channel: text().optional(),
      /** Event name: full (`App\Events\X`), short (`X`) or broadcastAs (`.backend_poster`). */
      event: text().optional(),
      title: text({ allowEmpty: true }).optional(),
      body: text({ allowEmpty: true }).optional(),
      url: text({ allowEmpty: true }).optional(),
      urgency: oneOf(URGENCIES).optional(),
      /** A muted rule still records history but never raises an OS notification. */
      mute: flag().default(false),
    },
    { error: missingOr('expected an object') },
  )
  .superRefine((rule, ctx) => {
    if (rule.channel === undefined && rule.event === undefined) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: 'a rule needs a "channel" pattern, an "event" name, or both' });
    }
  });

const channelName = z
  .string({ error: (i) => `expected a non-empty string, got ${describe(i.input)}` })
  .refine((v) => v.trim() !== '', { error: 'expected a non-empty string, got ""' })
  .refine((c) => !/\s/.test(c), { error: (i) => `channel names cannot contain spaces: "${String(i.input)}"` });

const LabelTextSchema = text();
const ChannelLabelObjectSchema = z.object(Object.fromEntries(LOCALES.map((l) => [l, LabelTextSchema.optional()])));
const ChannelObjectSchema = z.object({ name: text(), label: z.unknown().optional() });

/**
 * A `channels` entry: a name (template), or `{"name": "…", "label": "…" | {"en": "…", "zh-CN": "…"}}`.
 * Checked by hand so that each mistake is named at its own path; the object's keys are still known
 * to the unknown-key warnings through objectShapeOf.
 */
const channelEntry = z.unknown().transform((item, ctx): { name: string; label?: ChannelLabel } => {
  const fail = (message: string, path: PropertyKey[] = []): typeof z.NEVER => {
    ctx.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  };
  if (typeof item === 'string') {
    const named = channelName.safeParse(item);
    return named.success ? { name: named.data } : fail(named.error.issues[0]?.message ?? 'invalid channel name');
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return fail(`expected a channel name or {"name": "…", "label": "…"}, got ${describe(item)}`);
  }
  const entry = ChannelObjectSchema.safeParse(item);
  if (!entry.success) {
    for (const issue of entry.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  if (/\s/.test(entry.data.name)) return fail(`channel names cannot contain spaces: "${entry.data.name}"`);
  const label = entry.data.label;
  if (label === undefined) return { name: entry.data.name };
  if (typeof label === 'string' && label.trim() !== '') return { name: entry.data.name, label };
  if (typeof label !== 'object' || label === null || Array.isArray(label)) {
    return fail(`expected a text or {"en": "…", "zh-CN": "…"}, got ${describe(label)}`, ['label']);
  }
  const texts = ChannelLabelObjectSchema.safeParse(label);
  if (!texts.success) {
    for (const issue of texts.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['label', ...issue.path] });
    return z.NEVER;
  }
  const given: { [L in (typeof LOCALES)[number]]?: string } = {};
  for (const locale of LOCALES) if (texts.data[locale] !== undefined) given[locale] = texts.data[locale];
  if (Object.keys(given).length === 0) {
    return fail(`give the label in at least one language: ${LOCALES.map((l) => `"${l}"`).join(', ')}`, ['label']);
  }
  return { name: entry.data.name, label: given };
});
objectShapeOf.set(channelEntry, z.object({ name: z.string(), label: z.union([z.string(), ChannelLabelObjectSchema]).optional() }));

const origin = z.string({ error: nonEmptyExpected }).refine(
  (o) => {
    try {
      const u = new URL(o);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: (i) => `expected an http(s) origin like "https://app.example.com", got "${redactUrl(String(i.input))}"` },
);

export const ProfileSchema = z
  .object(
    {
      $schema: z.unknown().optional(),
      name: text().default('Echo Tray'),
      // `locked` belongs to IT's provisioning (app/desktop/provisioning.ts), which reads it before this.
      locked: z.unknown().optional(),
      laravel: z.unknown().superRefine((v, ctx) => {
        const message = 'missing (required): { "url": "https://app.example.com", ... }';
        if (v === undefined) ctx.addIssue({ code: 'custom', message, abort: true });
      }).pipe(LaravelSchema),
      connection: ConnectionSchema,
      redis: RedisTargetSchema.optional(),
      channels: z.array(channelEntry, { error: missingOr('expected a list of strings') }),
      rules: z
        .array(RuleSchema, { error: 'expected a list of rules like [{"event": "TodoEventUpdated", "title": "{{todo.title}}"}]' })
        .default([]),
      allowedOrigins: z.array(origin, { error: missingOr('expected a list of strings') }).default([]),
      history: z.object({ cap: whole(10, 1_000_000).default(10_000) }, { error: missingOr('expected an object') }).default({ cap: 10_000 }),
      /** Events whose payload is larger than this are counted as malformed and dropped. */
      maxEventBytes: whole(1024, 64 * 1024 * 1024).default(1024 * 1024),
    },
    { error: missingOr('expected an object') },
  )
  .transform(({ $schema: _schema, locked: _locked, channels, ...profile }) => ({
    ...profile,
    channels: channels.map((c) => c.name),
    /** Labels staff read instead of a channel's name, by channel template. */
    channelLabels: Object.fromEntries(channels.flatMap((c) => (c.label === undefined ? [] : [[c.name, c.label]]))),
    // publish and the doctor use the Redis the app listens to unless the profile names another.
    redis: profile.redis ?? redisOf(profile.connection),
  }));

/** The URL pusher-js tries first: TLS when forced (or when "ws" is not enabled), Pusher cloud without wsHost. */
function redisOf(c: z.output<typeof ConnectionSchema>): { url: string; prefix: string } | undefined {
  return c.broadcaster === 'redis' ? { url: c.url, prefix: c.prefix } : undefined;
}

type PusherUrlParts = Pick<PusherConnection, 'key' | 'cluster' | 'wsHost' | 'wsPort' | 'wssPort' | 'forceTLS' | 'enabledTransports'>;

export function pusherSocketUrl(c: PusherUrlParts): string {
  const tls = c.forceTLS || !c.enabledTransports.includes('ws');
  const host = c.wsHost ?? `ws-${c.cluster ?? 'mt1'}.pusher.com`;
  const port = tls ? c.wssPort ?? 443 : c.wsPort ?? 80;
  const defaultPort = tls ? 443 : 80;
  return `${tls ? 'wss' : 'ws'}://${host}${port === defaultPort ? '' : `:${port}`}/app/${c.key}`;
}
