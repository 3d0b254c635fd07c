import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';

/**
 * A fake of what sits in front of a relay on a busy day: nginx's `limit_req` (503 by default) or an
 * overloaded upstream. It refuses every WebSocket handshake with `503` and `Retry-After`, and counts
 * them ('upgrade' event).
 */
export class BusyProxy extends EventEmitter {
  upgrades = 0;

  private constructor(private readonly server: Server) {
    super();
  }

  static async start(): Promise<BusyProxy> {
    const server = createServer((_req, res) => res.writeHead(503, { 'Retry-After': '30' }).end('busy'));
    const proxy = new BusyProxy(server);
    server.on('upgrade', (_req, socket: Duplex) => {
      proxy.upgrades++;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy');
      proxy.emit('upgrade', proxy.upgrades);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
