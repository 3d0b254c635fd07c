import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Server } from 'socket.io';
import { MemoryLogger } from '../../../app/log.js';
import { classifyHandshake, detectSocketIoMajor, pollingUrl } from '../../../app/transport/engine-io-probe.js';
import { SocketIoTransport } from '../../../app/transport/socketio-transport.js';
import type { ConnectionStatus, TransportListener } from '../../../app/transport/transport.js';
import { freePort } from '../../support/ports.js';

async function socketIoServer(opts: { transports?: ('polling' | 'websocket')[] } = {}): Promise<{
  url: string;
  io: Server;
  http: HttpServer;
}> {
  const http = createServer();
  const io = new Server(http, opts.transports ? { transports: opts.transports } : {});
  await new Promise<void>((resolve) => http.listen({ port: 0, host: '127.0.0.1' }, () => resolve()));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, io, http };
}

describe('engine.io handshake probe (socketio: "auto")', () => {
  it('reads the framing of the open packet', () => {
    assert.deepEqual(
      classifyHandshake(200, '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
      { kind: 'detected', major: 4, sid: 'abc' },
    );
    // engine.io 3 (laravel-echo-server) frames packets as <length>:<packet> and appends the namespace connect.
    const v3 = '{"sid":"xyz","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}';
    assert.deepEqual(classifyHandshake(200, `${v3.length + 1}:0${v3}2:40`), { kind: 'detected', major: 2, sid: 'xyz' });
    const noPolling = classifyHandshake(400, '{"code":0,"message":"Transport unknown"}');
    assert.equal(noPolling.kind, 'inconclusive');
    assert.match(noPolling.kind === 'inconclusive' ? noPolling.reason : '', /HTTP 400: \{"code":0,"message":"Transport unknown"\}/);
  });

  it('asks the engine.io endpoint of ws:// and https:// hosts over http(s)', () => {
    assert.equal(pollingUrl('ws://relay.test:6001', '/socket.io').toString(), 'http://relay.test:6001/socket.io/');
    assert.equal(pollingUrl('https://relay.test/ns', '/custom/path/').toString(), 'https://relay.test/custom/path/');
  });

  describe('against real servers', () => {
    let v4: Awaited<ReturnType<typeof socketIoServer>>;
    let wsOnly: Awaited<ReturnType<typeof socketIoServer>>;
    before(async () => {
      v4 = await socketIoServer();
      wsOnly = await socketIoServer({ transports: ['websocket'] });
    });
    after(async () => {
      await new Promise<void>((resolve) => void v4.io.close(() => resolve()));
      await new Promise<void>((resolve) => void wsOnly.io.close(() => resolve()));
    });

    it('detects a socket.io 4 server, and says why it cannot when polling is off or nothing listens', async () => {
      assert.equal((await detectSocketIoMajor(v4.url, '/socket.io', 2000)).kind, 'detected');
      assert.equal((await detectSocketIoMajor(wsOnly.url, '/socket.io', 2000)).kind, 'inconclusive');
      const down = await detectSocketIoMajor(`http://127.0.0.1:${await freePort()}`, '/socket.io', 2000);
      assert.equal(down.kind, 'unreachable');
      assert.match(down.kind === 'unreachable' ? down.reason : '', /ECONNREFUSED/);
    });

    it('connects to a websocket-only relay with a guessed major and says it guessed', async (t) => {
      const statuses: ConnectionStatus[] = [];
      let connected!: () => void;
      const done = new Promise<void>((resolve) => (connected = resolve));
      const listener: TransportListener = {
        onConnection: (s) => {
          statuses.push(s);
          if (s.state === 'connected') connected();
        },
        onChannel: () => undefined,
        onMessage: () => undefined,
        onEnvelope: () => undefined,
        onPresence: () => undefined,
        onMalformed: () => undefined,
      };
      const transport = new SocketIoTransport({
        settings: {
          broadcaster: 'socket.io',
          host: wsOnly.url,
          path: '/socket.io',
          socketio: 'auto',
          reconnectionDelay: 50,
          reconnectionDelayMax: 200,
          reconnectionWindow: 200,
          subscribeTimeout: 2000,
        },
        authority: { token: () => 'x', authorize: () => Promise.resolve({ ok: true, status: 200, body: true }) },
        listener,
        logger: new MemoryLogger(),
      });
      transport.start();
      t.after(() => transport.stop());
      await done;
      assert.match(
        statuses.find((s) => s.state === 'connected')?.protocol ?? '',
        /^socket\.io v4 \(guessed: the polling handshake answered HTTP 400/,
      );
    });
  });
});
