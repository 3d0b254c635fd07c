import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';

export interface EchoProtocolRelayOptions {
  readonly port?: number;
  readonly redisUrl: string;
  /** Laravel's Redis prefix, stripped from channel names (default 'laravel_database_'). */
  readonly keyPrefix?: string;
  /** Base URL of the Laravel app that answers `/broadcasting/auth`. */
  readonly authHost: string;
  readonly authEndpoint?: string;
}

export interface RunningRelay {
  readonly port: number;
  stop(): Promise<void>;
}

interface Member {
  readonly user_id: unknown;
  readonly user_info: unknown;
  readonly socketId: string;
}

/**
 * A relay written today: socket.io v4 (engine.io 4) speaking laravel-echo-server 1.6.3's protocol.
 * `subscribe {channel, auth: {headers}}` joins the channel's room (private and presence channels
 * after `POST <authHost>/broadcasting/auth` with the client's headers), a refusal is
 * `subscription_error (channel, status)`, presence sends `presence:subscribed/joining/leaving`,
 * and `PSUBSCRIBE <keyPrefix>*` events go to their room as `(event, channel, data)`.
 */
export async function startEchoProtocolRelay(opts: EchoProtocolRelayOptions): Promise<RunningRelay> {
  const prefix = opts.keyPrefix ?? 'laravel_database_';
  const authUrl = opts.authHost.replace(/\/+$/, '') + (opts.authEndpoint ?? '/broadcasting/auth');
  const http = createServer();
  const io = new Server(http);
  const members = new Map<string, Member[]>();

  const isMember = (
    channel: string,
    userId: unknown,
  ): boolean => (members.get(channel) ?? []).some((m) => String(m.user_id) === String(userId));
  const uniqueMembers = (channel: string): Member[] => {
    const byUser = new Map<string, Member>();
    for (const m of [...(members.get(channel) ?? [])].reverse()) if (!byUser.has(String(m.user_id))) byUser.set(String(m.user_id), m);
    return [...byUser.values()];
  };

  const leave = (socket: Socket, channel: string): void => {
    void socket.leave(channel);
    const list = members.get(channel);
    const mine = list?.find((m) => m.socketId === socket.id);
    if (!list || !mine) return;
    members.set(channel, list.filter((m) => m.socketId !== socket.id));
    if (!isMember(channel, mine.user_id)) {
      io.to(channel).emit('presence:leaving', channel, { user_id: mine.user_id, user_info: mine.user_info });
    }
  };

  const authorize = async (
    channel: string,
    headers: Record<string, string>,
  ): Promise<{ ok: true; body: unknown } | { ok: false; status: number }> => {
    try {
      const res = await fetch(authUrl, {
        method: 'POST',
        headers: { ...headers, 'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ channel_name: channel }).toString(),
        redirect: 'manual',
      });
      const text = await res.text();
      if (res.status !== 200) return { ok: false, status: res.status };
      try {
        return { ok: true, body: JSON.parse(text) as unknown };
      } catch {
        return { ok: true, body: text };
      }
    } catch {
      return { ok: false, status: 0 };
    }
  };

  io.on('connection', (socket) => {
    socket.on('subscribe', (data: unknown) => {
      const rec = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
      const channel = rec.channel;
      if (typeof channel !== 'string' || channel === '') return;
      if (!channel.startsWith('private-') && !channel.startsWith('presence-')) {
        void socket.join(channel);
        return;
      }
      const auth = typeof rec.auth === 'object' && rec.auth !== null ? (rec.auth as Record<string, unknown>) : {};
      const headers: Record<string, string> = {};
      if (typeof auth.headers === 'object' && auth.headers !== null) {
        for (const [k, v] of Object.entries(auth.headers)) if (typeof v === 'string') headers[k] = v;
      }
      void authorize(channel, headers).then((answer) => {
        if (!answer.ok) {
          socket.emit('subscription_error', channel, answer.status);
          return;
        }
        void socket.join(channel);
        if (!channel.startsWith('presence-')) return;
        const body = answer.body as { channel_data?: unknown } | undefined;
        const data = typeof body?.channel_data === 'string' ? (JSON.parse(body.channel_data) as unknown) : body?.channel_data;
        const member = typeof data === 'object' && data !== null ? (data as { user_id?: unknown; user_info?: unknown }) : undefined;
        if (!member || member.user_id === undefined) return;
        const known = isMember(channel, member.user_id);
        members.set(
          channel,
          [...(members.get(channel) ?? []), { user_id: member.user_id, user_info: member.user_info ?? null, socketId: socket.id }],
        );
        socket.emit('presence:subscribed', channel, uniqueMembers(channel));
        if (!known) {
          socket.to(channel).emit(
            'presence:joining',
            channel,
            { user_id: member.user_id, user_info: member.user_info ?? null, socketId: socket.id },
          );
        }
      });
    });
    socket.on('unsubscribe', (data: unknown) => {
      const channel = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).channel : undefined;
      if (typeof channel === 'string') leave(socket, channel);
    });
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room !== socket.id) leave(socket, room);
    });
  });

  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(50 * n, 500) });
  redis.on('error', () => undefined);
  redis.on('pmessage', (_pattern: string, redisChannel: string, message: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return; // laravel-echo-server drops what is not JSON ("No JSON message")
    }
    const rec = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const channel = redisChannel.slice(prefix.length);
    const target = typeof rec.socket === 'string' ? io.to(channel).except(rec.socket) : io.to(channel);
    target.emit(String(rec.event), channel, rec.data);
  });
  await redis.psubscribe(`${prefix}*`);
  return serveRelay(http, io, redis, opts.port);
}

/** Listens on 127.0.0.1 (port 0: the kernel's choice); stop() closes the relay and its Redis connection. */
export async function serveRelay(http: HttpServer, io: Server, redis: Redis, port: number | undefined): Promise<RunningRelay> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ port: port ?? 0, host: '127.0.0.1' }, () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    async stop() {
      redis.disconnect();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}
