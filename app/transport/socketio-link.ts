import type { Logger } from '../log.js';
import type { SocketIoConnection } from '../profile/profile.js';
import { Backoff } from './backoff.js';
import { detectSocketIoMajor, type SocketIoDetector } from './engine-io-probe.js';
import { createSocketIoClient, type SocketIoClient, type SocketIoClientFactory, type SocketIoMajor } from './socketio-clients.js';
import type { ChannelAuthority, TransportListener } from './transport.js';
import { busyDelay, isBusyStatus, type BusyPolicy } from './retry-after.js';
import { errorMessage } from '../util/error-reason.js';
import { systemClock, type Clock } from '../util/clock.js';

export type SocketIoLinkSettings = Pick<
  SocketIoConnection,
  'host' | 'path' | 'socketio' | 'reconnectionDelay' | 'reconnectionDelayMax' | 'reconnectionWindow' | 'subscribeTimeout'
>;

/** What a transport over a socket.io relay is built from; tests inject the client and the probe. */
export interface SocketIoRelayDeps<S extends SocketIoLinkSettings = SocketIoLinkSettings> {
  readonly settings: S;
  readonly authority: ChannelAuthority;
  readonly listener: TransportListener;
  readonly logger: Logger;
  readonly clientFactory?: SocketIoClientFactory;
  readonly detect?: SocketIoDetector;
  readonly random?: () => number;
  /** Event packets larger than this are dropped before parsing (the profile's `maxEventBytes`). */
  readonly maxEventBytes?: number;
  /** Time for the reconnect and busy waits; tests inject a fake one. */
  readonly clock?: Clock;
  /** How long a busy answer (429/503, from Laravel through the relay or from a proxy in front of it) waits. */
  readonly busyPolicy?: BusyPolicy;
}

export interface SocketIoLinkHooks {
  /** A client is connected: (re)subscribe. */
  readonly onConnected: (client: SocketIoClient) => void;
  /** The connection is gone (or never came); a retry is scheduled. */
  readonly onLost: (reason: string) => void;
  readonly onEvent: (event: unknown, args: readonly unknown[]) => void;
  /** A packet over `maxEventBytes` was dropped unparsed; `head` is its first 200 characters. */
  readonly onOversized: (bytes: number, head: string) => void;
}

const DETECTING = 'socket.io (finding out the server version)';

/**
 * The status of a refused WebSocket handshake when it means "busy, ask later" (429, or 503 as a
 * proxy's rate limit or an overloaded upstream answers): both socket.io clients report it through
 * `ws` as `websocket error: Unexpected server response: 503`, without the response's headers.
 */
export function busyHandshakeStatus(reason: string): number | undefined {
  const status = Number(/Unexpected server response: (\d{3})\b/.exec(reason)?.[1]);
  return isBusyStatus(status) ? status : undefined;
}

function protocolOf(major: SocketIoMajor): string {
  return major === 2 ? 'socket.io v2 (engine.io 3)' : 'socket.io v4 (engine.io 4)';
}

/**
 * One socket.io relay connection, kept up: every attempt gets a brand-new client (the library's own
 * reconnection is off) and a capped, jittered backoff. With `socketio: "auto"` every attempt first
 * asks the relay's engine.io which protocol it speaks, so a relay upgraded between two reconnects
 * is still understood.
 */
export class SocketIoLink {
  private client: SocketIoClient | undefined;
  private generation = 0;
  /** The generation whose client is connected; -1 while none is. */
  private connectedGeneration = -1;
  private cancelRetry: (() => void) | undefined;
  /** Busy handshakes in a row: the wait doubles, as it does for busy authorizations. */
  private busyInARow = 0;
  private stopped = true;
  private readonly backoff: Backoff;
  /** With "auto" and a relay that cannot be probed (polling disabled): the major to try next. */
  private guess: SocketIoMajor = 4;
  private protocol: string;

  constructor(
    /** Transport name used in connection statuses and logs. */
    private readonly transport: string,
    private readonly deps: SocketIoRelayDeps,
    private readonly hooks: SocketIoLinkHooks,
  ) {
    const s = deps.settings;
    this.backoff = new Backoff({
      minMs: s.reconnectionDelay,
      maxMs: s.reconnectionDelayMax,
      windowMs: s.reconnectionWindow,
      random: deps.random,
    });
    this.protocol = s.socketio === 'auto' ? DETECTING : protocolOf(s.socketio);
  }

  /** The connected client, if any. */
  get connected(): SocketIoClient | undefined {
    return this.client && this.connectedGeneration === this.generation ? this.client : undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect('connecting');
  }

  reconnectNow(reason: string): void {
    if (this.stopped) return;
    this.deps.logger.log('info', `${this.transport}: reconnecting now`, { reason });
    this.backoff.reset();
    this.dispose();
    this.connect('reconnecting', reason);
  }

  stop(): void {
    this.stopped = true;
    this.dispose();
  }

  private get connectTimeoutMs(): number {
    return Math.max(5000, this.deps.settings.subscribeTimeout);
  }

  private connect(state: 'connecting' | 'reconnecting', reason?: string): void {
    const gen = ++this.generation;
    const s = this.deps.settings;
    this.deps.listener.onConnection({ state, transport: this.transport, protocol: this.protocol, ...(reason ? { reason } : {}) });
    if (s.socketio !== 'auto') {
      this.open(gen, s.socketio);
      return;
    }
    const detect = this.deps.detect ?? detectSocketIoMajor;
    detect(s.host, s.path, this.connectTimeoutMs).then(
      (found) => {
        if (gen !== this.generation || this.stopped) return;
        if (found.kind === 'unreachable') {
          this.retry(`cannot connect to ${s.host}: ${found.reason}`);
          return;
        }
        if (found.kind === 'detected') {
          this.protocol = `socket.io v${found.major} (detected)`;
          this.open(gen, found.major);
          return;
        }
        this.deps.logger.log(
          'warn',
          `${this.transport}: cannot tell the relay's socket.io version`,
          { reason: found.reason, trying: this.guess },
        );
        this.protocol = `socket.io v${this.guess} (guessed: ${found.reason})`;
        this.open(gen, this.guess);
      },
      (err: unknown) => {
        if (gen === this.generation && !this.stopped) this.retry(`cannot probe ${s.host}: ${errorMessage(err)}`);
      },
    );
  }

  private open(gen: number, major: SocketIoMajor): void {
    const s = this.deps.settings;
    const factory = this.deps.clientFactory ?? createSocketIoClient;
    const current = (): boolean => gen === this.generation && !this.stopped;
    const client = factory(major, {
      host: s.host,
      path: s.path,
      connectTimeoutMs: this.connectTimeoutMs,
      ...(this.deps.maxEventBytes !== undefined ? { maxPacketBytes: this.deps.maxEventBytes } : {}),
      onOversized: (bytes, head) => {
        if (current()) this.hooks.onOversized(bytes, head);
      },
    });
    this.client = client;
    const guessed = this.protocol.includes('(guessed');

    client.onConnect(() => {
      if (!current()) return;
      this.connectedGeneration = gen;
      this.backoff.reset();
      this.busyInARow = 0;
      this.deps.listener.onConnection({ state: 'connected', transport: this.transport, protocol: this.protocol });
      this.hooks.onConnected(client);
    });
    client.onDisconnect((why) => {
      if (current()) this.retry(`connection lost (${why})`, this.connectedGeneration === gen);
    });
    client.onConnectError((why) => {
      if (!current()) return;
      const busy = busyHandshakeStatus(why);
      if (busy !== undefined) {
        this.retryWhenNotBusy(busy);
        return;
      }
      if (guessed) this.guess = major === 4 ? 2 : 4;
      this.retry(`cannot connect to ${s.host}: ${why}`);
    });
    client.onAnyEvent((event, args) => {
      if (current()) this.hooks.onEvent(event, args);
    });
  }

  /** `dropped`: an established connection ended by the server, so the whole fleet is coming back at once. */
  private retry(reason: string, dropped = false): void {
    this.retryAfter(reason, dropped ? this.backoff.afterDrop() : this.backoff.next());
  }

  /**
   * The relay (or a proxy in front of it) is busy: wait as the busy rule says, never less than the
   * backoff would. socket.io's clients do not expose the answer's Retry-After, so the rule's
   * fallback (doubled per busy answer in a row) stands in for it.
   */
  private retryWhenNotBusy(status: number): void {
    this.busyInARow++;
    const delay = Math.max(busyDelay(undefined, this.busyInARow, this.deps.busyPolicy), this.backoff.next());
    this.retryAfter(`server busy: ${this.deps.settings.host} answered HTTP ${status}`, delay, true);
  }

  private retryAfter(reason: string, delay: number, busy = false): void {
    this.dispose();
    this.hooks.onLost(reason);
    this.deps.logger.log('warn', `${this.transport}: disconnected`, { reason, retryInMs: delay });
    this.deps.listener.onConnection({
      state: 'reconnecting',
      transport: this.transport,
      protocol: this.protocol,
      reason,
      retryInMs: delay,
      ...(busy ? { busy } : {}),
    });
    const gen = this.generation;
    this.cancelRetry = (this.deps.clock ?? systemClock).schedule(() => {
      if (gen === this.generation && !this.stopped) this.connect('reconnecting', reason);
    }, delay);
  }

  private dispose(): void {
    this.generation++;
    this.connectedGeneration = -1;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    const client = this.client;
    this.client = undefined;
    client?.close();
  }
}
