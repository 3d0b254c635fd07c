import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { errorMessage } from '../../app/util/error-reason.js';

export interface PusherApp {
  readonly id: string;
  readonly key: string;
  readonly secret: string;
}

/**
 * - 'pusher': Pusher Channels as documented (and as Soketi does it): a bad channel signature gets
 *   `pusher:subscription_error`, errors close the connection with their code.
 * - 'reverb': Laravel Reverb: a bad signature gets a bare `pusher:error` 4009 (no channel) and
 *   nothing else; an unknown app key gets `pusher:error` 4001 and a plain close.
 */
export type PusherServerFlavour = 'pusher' | 'reverb';

export interface PusherServerOptions {
  readonly app: PusherApp;
  readonly flavour?: PusherServerFlavour;
  /** Default: a free one. */
  readonly port?: number;
  /** `activity_timeout` of connection_established, in seconds (default 120; Reverb's default is 30). */
  readonly activityTimeout?: number;
  /** How long the server waits for a pong to its own ping before closing with 4201 (default 30 s). */
  readonly pongTimeoutMs?: number;
}

export interface PusherErrorPayload {
  readonly code: number;
  readonly message: string;
}

interface Member {
  readonly user_id: unknown;
  readonly user_info: unknown;
}

interface Client {
  readonly ws: WebSocket;
  readonly socketId: string;
  readonly channels: Set<string>;
  readonly presence: Map<string, Member>;
  activityTimer: NodeJS.Timeout | undefined;
  pongTimer: NodeJS.Timeout | undefined;
}

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;
/** Largest event `data` the HTTP API takes (Pusher's limit). */
const MAX_DATA_BYTES = 10_240;

/**
 * A faithful test server for the Pusher Channels protocol 7 (node:http + ws), for one app:
 *
 * - WebSocket `/app/<key>?protocol=7&client=…&version=…`: `pusher:connection_established` with
 *   `socket_id` and `activity_timeout` (data as a JSON string), `pusher:ping`/`pusher:pong` both ways,
 *   `pusher:subscribe` (HMAC-SHA256 of `socket_id:channel[:channel_data]` with the app secret),
 *   `pusher_internal:subscription_succeeded`, presence members, `member_added`/`member_removed`.
 * - HTTP API `POST /apps/<id>/events` and `/batch_events`, signed (auth_key, auth_timestamp,
 *   auth_version, body_md5, auth_signature) exactly as the official `pusher` SDK signs them.
 *
 * Every frame received is emitted as `'frame' (socketId, message)`; `'connection' (socketId)`,
 * `'rejected' (error)`, `'subscribed' (socketId, channel)`, `'refused' (socketId, channel)` and
 * `'published' (body)` mark progress for tests.
 */
export class PusherProtocolServer extends EventEmitter {
  readonly app: PusherApp;
  readonly flavour: PusherServerFlavour;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly clients = new Map<string, Client>();
  private refusal: PusherErrorPayload | undefined;
  private readonly activityTimeout: number;
  private readonly pongTimeoutMs: number;

  private constructor(opts: PusherServerOptions) {
    super();
    this.app = opts.app;
    this.flavour = opts.flavour ?? 'pusher';
    this.activityTimeout = opts.activityTimeout ?? (this.flavour === 'reverb' ? 30 : 120);
    this.pongTimeoutMs = opts.pongTimeoutMs ?? 30_000;
    this.wss = new WebSocketServer({ noServer: true });
    this.server = createServer((req, res) => {
      this.onHttp(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: errorMessage(err) }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
  }

  static async start(opts: PusherServerOptions): Promise<PusherProtocolServer> {
    const server = new PusherProtocolServer(opts);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen({ port: opts.port ?? 0, host: '127.0.0.1' }, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Open connections. */
  get connections(): number {
    return this.clients.size;
  }

  /** Until cleared: every new connection gets `pusher:error` with this code and is closed. */
  refuseConnections(error: PusherErrorPayload | undefined): void {
    this.refusal = error;
  }

  /** `pusher:error` to every connection, then a close with the code (Reverb: a plain close). */
  closeAll(error: PusherErrorPayload): void {
    for (const client of this.clients.values()) this.fail(client.ws, error);
  }

  /** Sends an event as is, `data` untouched (an object, a string, anything), bypassing the HTTP API. */
  sendRaw(channel: string, event: string, data: unknown): void {
    const frame = JSON.stringify({ event, channel, data });
    for (const client of this.clients.values()) if (client.channels.has(channel)) client.ws.send(frame);
  }

  async stop(): Promise<void> {
    for (const client of this.clients.values()) {
      this.clearTimers(client);
      client.ws.terminate();
    }
    this.clients.clear();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------
  // WebSocket

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    ws.on('error', () => undefined);
    const refusal = this.handshakeRefusal(new URL(req.url ?? '/', 'http://127.0.0.1'));
    if (refusal) {
      this.emit('rejected', refusal);
      this.fail(ws, refusal);
      return;
    }

    const client: Client = {
      ws,
      socketId: `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`,
      channels: new Set(),
      presence: new Map(),
      activityTimer: undefined,
      pongTimer: undefined,
    };
    this.clients.set(client.socketId, client);
    ws.on('message', (raw: RawData, isBinary: boolean) => this.onFrame(client, raw, isBinary));
    ws.on('close', () => this.onClose(client));
    this.send(
      ws,
      {
        event: 'pusher:connection_established',
        data: JSON.stringify({ socket_id: client.socketId, activity_timeout: this.activityTimeout }),
      },
    );
    this.touch(client);
    this.emit('connection', client.socketId);
  }

  private handshakeRefusal(url: URL): PusherErrorPayload | undefined {
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!match) return { code: 4005, message: 'Path not found' };
    if (decodeURIComponent(match[1] ?? '') !== this.app.key) {
      return {
        code: 4001,
        message: this.flavour === 'reverb' ? 'Application does not exist' : `App key ${match[1] ?? ''} does not exist.`,
      };
    }
    const protocol = url.searchParams.get('protocol');
    if (protocol === null) return { code: 4008, message: 'No protocol version supplied' };
    if (!/^\d+$/.test(protocol) || Number(protocol) < 5 || Number(protocol) > 7) {
      return { code: 4007, message: 'Unsupported protocol version' };
    }
    return this.refusal;
  }

  private onFrame(client: Client, raw: RawData, isBinary: boolean): void {
    this.touch(client);
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(rawText(raw));
    } catch {
      if (this.flavour === 'reverb') this.sendError(client.ws, { code: 4200, message: 'Invalid message format' });
      return;
    }
    const rec = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    this.emit('frame', client.socketId, rec);
    const data = typeof rec.data === 'string' ? safeJson(rec.data) : rec.data;
    const payload = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    switch (rec.event) {
      case 'pusher:ping':
        this.send(client.ws, { event: 'pusher:pong', data: this.flavour === 'reverb' ? undefined : {} });
        return;
      case 'pusher:pong':
        return;
      case 'pusher:subscribe':
        this.subscribe(client, payload);
        return;
      case 'pusher:unsubscribe':
        if (typeof payload.channel === 'string') this.leave(client, payload.channel);
        return;
      default:
        // client-* events (whispers) are not part of these tests; Pusher drops unknown ones too.
        return;
    }
  }

  private subscribe(client: Client, payload: Record<string, unknown>): void {
    const channel = payload.channel;
    if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) {
      this.sendError(client.ws, { code: 4200, message: 'Invalid channel name' });
      return;
    }
    const isPresence = channel.startsWith('presence-');
    let member: Member | undefined;
    if (channel.startsWith('private-') || isPresence) {
      const channelData = typeof payload.channel_data === 'string' ? payload.channel_data : undefined;
      const signed = `${client.socketId}:${channel}${isPresence ? `:${channelData ?? ''}` : ''}`;
      if (!this.verifyAuth(typeof payload.auth === 'string' ? payload.auth : '', signed)) {
        this.refuseSubscription(client, channel);
        return;
      }
      if (isPresence) {
        const parsed = channelData === undefined ? undefined : safeJson(channelData);
        const rec = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
        if (!rec || rec.user_id === undefined || rec.user_id === null) {
          this.refuseSubscription(client, channel);
          return;
        }
        member = { user_id: rec.user_id, user_info: rec.user_info ?? null };
      }
    }
    client.channels.add(channel);
    if (!member) {
      this.send(client.ws, { event: 'pusher_internal:subscription_succeeded', channel, data: '{}' });
      this.emit('subscribed', client.socketId, channel);
      return;
    }
    const firstOfUser = !this.presenceHas(channel, member.user_id, client);
    client.presence.set(channel, member);
    const members = this.members(channel);
    const hash = Object.fromEntries(members.map((m) => [String(m.user_id), m.user_info]));
    this.send(client.ws, {
      event: 'pusher_internal:subscription_succeeded',
      channel,
      data: JSON.stringify({ presence: { ids: Object.keys(hash), hash, count: Object.keys(hash).length } }),
    });
    if (firstOfUser) {
      this.broadcast(channel, { event: 'pusher_internal:member_added', channel, data: JSON.stringify(member) }, client.socketId);
    }
    this.emit('subscribed', client.socketId, channel);
  }

  private refuseSubscription(client: Client, channel: string): void {
    if (this.flavour === 'reverb') {
      this.send(client.ws, { event: 'pusher:error', data: JSON.stringify({ code: 4009, message: 'Connection is unauthorized' }) });
    } else {
      this.send(
        client.ws,
        { event: 'pusher:subscription_error', channel, data: { type: 'AuthError', error: 'The connection is unauthorized.', status: 401 } },
      );
    }
    this.emit('refused', client.socketId, channel);
  }

  private verifyAuth(auth: string, signed: string): boolean {
    const [key, signature = ''] = auth.split(':', 2);
    if (key !== this.app.key) return false;
    const expected = Buffer.from(hmacHex(this.app.secret, signed));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private leave(client: Client, channel: string): void {
    if (!client.channels.delete(channel)) return;
    const member = client.presence.get(channel);
    client.presence.delete(channel);
    if (member && !this.presenceHas(channel, member.user_id, client)) {
      this.broadcast(
        channel,
        { event: 'pusher_internal:member_removed', channel, data: JSON.stringify({ user_id: member.user_id }) },
        client.socketId,
      );
    }
  }

  private onClose(client: Client): void {
    if (!this.clients.delete(client.socketId)) return;
    this.clearTimers(client);
    for (const channel of [...client.channels]) this.leave(client, channel);
  }

  private presenceHas(channel: string, userId: unknown, except: Client): boolean {
    for (const c of this.clients.values()) {
      if (c !== except && String(c.presence.get(channel)?.user_id) === String(userId)) return true;
    }
    return false;
  }

  private members(channel: string): Member[] {
    const byId = new Map<string, Member>();
    for (const c of this.clients.values()) {
      const m = c.presence.get(channel);
      if (m) byId.set(String(m.user_id), m);
    }
    return [...byId.values()];
  }

  /** The server pings an idle client after activity_timeout and closes with 4201 if no pong comes. */
  private touch(client: Client): void {
    this.clearTimers(client);
    client.activityTimer = setTimeout(() => {
      this.send(client.ws, { event: 'pusher:ping', data: this.flavour === 'reverb' ? undefined : {} });
      client.pongTimer = setTimeout(() => this.fail(client.ws, { code: 4201, message: 'Pong reply not received' }), this.pongTimeoutMs);
      client.pongTimer.unref();
    }, this.activityTimeout * 1000);
    client.activityTimer.unref();
  }

  private clearTimers(client: Client): void {
    if (client.activityTimer) clearTimeout(client.activityTimer);
    if (client.pongTimer) clearTimeout(client.pongTimer);
    client.activityTimer = undefined;
    client.pongTimer = undefined;
  }

  private broadcast(channel: string, message: Record<string, unknown>, exceptSocketId?: string): void {
    const frame = JSON.stringify(message);
    for (const client of this.clients.values()) {
      if (client.socketId !== exceptSocketId && client.channels.has(channel)) client.ws.send(frame);
    }
  }

  private send(ws: WebSocket, message: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  /** Pusher sends the error data as an object, Reverb as a JSON string. */
  private sendError(ws: WebSocket, error: PusherErrorPayload): void {
    this.send(ws, { event: 'pusher:error', data: this.flavour === 'reverb' ? JSON.stringify(error) : error });
  }

  private fail(ws: WebSocket, error: PusherErrorPayload): void {
    this.sendError(ws, error);
    if (this.flavour === 'reverb') ws.close();
    else ws.close(error.code, error.message);
  }

  // ------------------------------------------------------------------------------------------
  // HTTP API

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const answer = (status: number, data: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    const route = /^\/apps\/([^/]+)\/(events|batch_events)$/.exec(url.pathname);
    if (!route || method !== 'POST') return answer(404, { error: 'Not found' });
    if (route[1] !== this.app.id) return answer(404, { error: `Unknown app ${route[1] ?? ''}` });
    const problem = verifySignedRequest(this.app, method, url, body);
    if (problem) return answer(401, { error: problem });
    const parsed = safeJson(body);
    if (typeof parsed !== 'object' || parsed === null) return answer(400, { error: 'Body is not a JSON object' });
    const items = route[2] === 'batch_events' ? (parsed as { batch?: unknown }).batch : [parsed];
    if (!Array.isArray(items)) return answer(400, { error: 'Missing batch' });
    const events: { channels: string[]; name: string; data: string; socketId: string | undefined }[] = [];
    for (const item of items as unknown[]) {
      const rec = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
      const channels = Array.isArray(rec.channels) ? rec.channels : typeof rec.channel === 'string' ? [rec.channel] : [];
      if (typeof rec.name !== 'string'
        || typeof rec.data !== 'string'
        || channels.length === 0
        || !channels.every((c): c is string => typeof c === 'string' && CHANNEL_NAME.test(c))) {
        return answer(400, { error: 'Expected "name", "data" (a string) and "channels"' });
      }
      if (Buffer.byteLength(rec.data) > MAX_DATA_BYTES) return answer(413, { error: `Event data exceeds ${MAX_DATA_BYTES} bytes` });
      events.push({ channels, name: rec.name, data: rec.data, socketId: typeof rec.socket_id === 'string' ? rec.socket_id : undefined });
    }
    for (const e of events) {
      for (const channel of e.channels) this.broadcast(channel, { event: e.name, channel, data: e.data }, e.socketId);
    }
    answer(200, route[2] === 'batch_events' ? { batch: events.map(() => ({})) } : {});
    this.emit('published', parsed);
  }
}

/** The HTTP API's request signature, as the `pusher` SDK (and pusher-http-php) compute it. */
export function verifySignedRequest(app: PusherApp, method: string, url: URL, body: string): string | undefined {
  const q = url.searchParams;
  if (q.get('auth_key') !== app.key) return 'Unknown auth_key';
  if (q.get('auth_version') !== '1.0') return 'auth_version must be 1.0';
  const timestamp = Number(q.get('auth_timestamp'));
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 600) return 'Timestamp expired';
  if (body !== '' && q.get('body_md5') !== createHash('md5').update(body).digest('hex')) return 'body_md5 does not match';
  const signed = [...q.entries()]
    .filter(([k]) => k !== 'auth_signature')
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const expected = Buffer.from(hmacHex(app.secret, `${method}\n${url.pathname}\n${signed}`));
  const given = Buffer.from(q.get('auth_signature') ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'Invalid signature';
}

function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}
