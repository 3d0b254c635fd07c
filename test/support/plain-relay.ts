import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { serveRelay, type RunningRelay } from './echo-protocol-relay.js';

/**
 * A plain socket.io relay, the smallest server.js a Laravel team writes (here on today's socket.io v4):
 * PSUBSCRIBE `*` and `io.emit(channel + ':' + message.event, message.data)` to every client. No rooms, no auth, and
 * (faithfully) no try/catch: a message that is not JSON throws.
 */
export async function startPlainRelay(opts: { readonly port?: number; readonly redisUrl: string }): Promise<RunningRelay> {
  const handler = (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200);
    res.end('');
  };
  const app = createServer(handler);
  const io = new Server(app);
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(50 * n, 500) });
  redis.on('error', () => undefined);

  io.on('connection', (socket) => {
    socket.on('message', (message: unknown) => console.log(message));
    socket.on('disconnect', () => console.log('user disconnect'));
  });

  await redis.psubscribe('*');
  redis.on('pmessage', (_subscribed: string, channel: string, raw: string) => {
    const message = JSON.parse(raw) as { event: unknown; data: unknown };
    io.emit(`${channel}:${String(message.event)}`, message.data);
  });

  return serveRelay(app, io, redis, opts.port);
}
