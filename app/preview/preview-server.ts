import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { PUSH_CHANNELS, type PushChannel, type PushMap } from '../bridge/contract.js';
import { validateInvokeArgs } from '../bridge/validate-args.js';
import type { AppController } from '../desktop/app-controller.js';
import type { Logger } from '../log.js';
import { MAX_MESSAGE_BYTES, parseClientMessage, type ServerMessage } from './bridge-protocol.js';
import { checkRequest, type GuardConfig } from './request-guard.js';
import { PREVIEW_BRIDGE_NAME, readStatic, withPreviewBridge } from './static-files.js';
import { errorMessage } from '../util/error-reason.js';
import { CONTENT_SECURITY_POLICY } from '../desktop/content-security-policy.js';

export interface PreviewServerOptions {
  readonly controller: AppController;
  /** The built window: dist/renderer (index.html, index.js, index.css). */
  readonly rendererDir: string;
  /** The bundled browser side of the bridge. */
  readonly bridgeScript: string;
  /** 0 (default): a free port. Always bound on 127.0.0.1. */
  readonly port?: number;
  /** Default: 24 random bytes, base64url. */
  readonly token?: string;
  readonly logger: Logger;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Serves the built window and carries the typed contract over a WebSocket to an AppController,
 * as Electron's main process does over IPC: every invoke is validated (validateInvokeArgs), then
 * handled; every push goes to every open window.
 */
export class PreviewServer {
  readonly token: string;
  private readonly server: Server;
  private readonly sockets: WebSocketServer;
  private readonly unsubscribe: (() => void)[] = [];
  private guard: GuardConfig = { token: '', port: 0 };

  private constructor(private readonly opts: PreviewServerOptions) {
    this.token = opts.token ?? randomBytes(24).toString('base64url');
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        opts.logger.log('error', 'preview: request failed', { url: req.url, error: errorMessage(err) });
        if (!res.headersSent) this.plain(res, 500, 'Internal error: see the preview\'s terminal.');
        else res.destroy();
      });
    });
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  static async start(opts: PreviewServerOptions): Promise<PreviewServer> {
    try {
      await readFile(`${opts.rendererDir}/index.html`);
      await readFile(opts.bridgeScript);
    } catch {
      throw new Error(`the window is not built (${opts.rendererDir}/index.html or ${opts.bridgeScript} is missing): run npm run build`);
    }
    const preview = new PreviewServer(opts);
    await preview.listen(opts.port ?? 0);
    preview.forwardPushes();
    return preview;
  }

  get port(): number {
    return this.guard.port;
  }

  /** The address to open: it carries the token. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/${this.token}/`;
  }

  /** Windows connected right now. */
  get clients(): number {
    return this.sockets.clients.size;
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    for (const client of this.sockets.clients) client.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(err.code === 'EADDRINUSE'
          ? new Error(`port ${port} on 127.0.0.1 is in use: pick another with --port, or 0 for a free one`)
          : err);
      };
      this.server.once('error', onError);
      this.server.listen({ host: '127.0.0.1', port }, () => {
        this.server.off('error', onError);
        this.guard = { token: this.token, port: (this.server.address() as AddressInfo).port };
        resolve();
      });
    });
  }

  private forwardPushes(): void {
    const forward = <K extends PushChannel>(channel: K): void => {
      const listener = (...args: PushMap[K]): void => this.broadcast({ t: 'push', channel, args });
      this.unsubscribe.push(this.opts.controller.on(channel, listener));
    };
    for (const channel of PUSH_CHANNELS) forward(channel);
  }

  private broadcast(message: ServerMessage): void {
    const text = JSON.stringify(message);
    for (const client of this.sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = checkRequest(req, this.guard);
    if (!verdict.ok) {
      this.opts.logger.log(
        'warn',
        'preview: request refused',
        { url: verdict.status === 404 ? '(path withheld)' : withoutKey(req.url), reason: verdict.reason },
      );
      this.plain(
        res,
        verdict.status,
        verdict.status === 404 ? 'Not found. Open the address the preview printed in its terminal.' : 'Forbidden.',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      this.plain(res, 405, 'Method not allowed.');
      return;
    }
    if (!verdict.slash) {
      // `/<token>` → `/<token>/`, so that the page's relative URLs resolve below the token.
      res.writeHead(308, { ...SECURITY_HEADERS, Location: `/${this.token}/` }).end();
      return;
    }
    const path = verdict.path === '' ? 'index.html' : verdict.path;
    if (path === 'index.html') {
      const html = withPreviewBridge(await readFile(`${this.opts.rendererDir}/index.html`, 'utf8'));
      this.send(res, req, 'text/html; charset=utf-8', Buffer.from(html));
      return;
    }
    if (path === PREVIEW_BRIDGE_NAME) {
      this.send(res, req, 'text/javascript; charset=utf-8', await readFile(this.opts.bridgeScript));
      return;
    }
    const file = await readStatic(this.opts.rendererDir, path);
    if (file === undefined) this.plain(res, 404, 'Not found.');
    else this.send(res, req, file.type, file.body);
  }

  private send(res: ServerResponse, req: IncomingMessage, type: string, body: Buffer): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private plain(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkRequest(req, this.guard, true);
    if (!verdict.ok || verdict.path !== 'bridge') {
      this.opts.logger.log('warn', 'preview: WebSocket refused', { reason: verdict.ok ? `no such endpoint` : verdict.reason });
      socket.end(
        `HTTP/1.1 ${verdict.ok ? 404 : verdict.status} `
          + `${verdict.ok || verdict.status === 404 ? 'Not Found' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    this.sockets.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  private attach(ws: WebSocket): void {
    ws.on('error', (err) => this.opts.logger.log('warn', 'preview: window connection failed', { error: err.message }));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        ws.close(1003, 'text messages only');
        return;
      }
      void this.answer(ws, textOf(data));
    });
  }

  private async answer(ws: WebSocket, text: string): Promise<void> {
    const parsed = parseClientMessage(text);
    const reply = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    if (!parsed.ok) {
      if (parsed.id === undefined) ws.close(1008, parsed.error.slice(0, 120));
      else reply({ t: 'result', id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const { id, channel, args } = parsed.message;
    try {
      const value = await this.opts.controller.handle(channel, validateInvokeArgs(channel, args));
      reply({ t: 'result', id, ok: true, value });
    } catch (err) {
      reply({ t: 'result', id, ok: false, error: errorMessage(err) });
    }
  }
}

/** A refused request's path for the log: the run's key (the first segment) and the query left out. */
function withoutKey(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path.replace(/^\/[^/]*/, '/(key)');
}

/** A text frame's UTF-8 content, whichever of ws's RawData forms it arrives in. */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}
