import type { Logger } from '../log.js';
import type { SocketIoConnection } from '../profile/profile.js';
import { Backoff } from './backoff.js';
import { ChannelBook } from './channel-book.js';
import { createSocketIoClient, type SocketIoClient, type SocketIoClientFactory, type SocketIoMajor } from './socketio-clients.js';
import {
  presenceMember,
  refusalStatus,
  type ChannelAuthority,
  type PresenceMember,
  type Transport,
  type TransportListener,
} from './transport.js';

export interface SocketIoTransportDeps {
  readonly settings: SocketIoConnection;
  readonly authority: ChannelAuthority;
  readonly listener: TransportListener;
  readonly logger: Logger;
  readonly clientFactory?: SocketIoClientFactory;
  readonly random?: () => number;
}

/**
 * laravel-echo-server's protocol: `subscribe`/`unsubscribe` with `auth.headers`, events arrive as
 * `(event, channel, data)`, refusals as `subscription_error (channel, status)`. A private subscription
 * is never acknowledged, so a channel counts as subscribed once the relay had time to refuse it.
 */
export class SocketIoTransport implements Transport {
  readonly name = 'socket.io';
  private client: SocketIoClient | undefined;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** The generation whose client is connected; -1 while none is. */
  private connectedGeneration = -1;
  private readonly backoff: Backoff;
  private readonly book: ChannelBook;
  private readonly major: SocketIoMajor;

  constructor(private readonly deps: SocketIoTransportDeps) {
    const s = deps.settings;
    this.backoff = new Backoff({ minMs: s.reconnectionDelay, maxMs: s.reconnectionDelayMax, random: deps.random });
    this.book = new ChannelBook(deps.listener, Math.min(1000, s.subscribeTimeout), s.subscribeTimeout);
    this.major = s.socketio === 4 ? 4 : 2;
  }

  private get protocol(): string {
    return this.major === 2 ? 'socket.io v2 (engine.io 3)' : 'socket.io v4 (engine.io 4)';
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect('connecting');
  }

  subscribe(channel: string): void {
    if (!this.book.add(channel)) return;
    if (this.client && this.connectedGeneration === this.generation) this.sendSubscribe(this.client, channel);
  }

  unsubscribe(channel: string): void {
    if (!this.book.remove(channel)) return;
    if (this.client && this.connectedGeneration === this.generation) {
      this.client.emit('unsubscribe', { channel, auth: this.authPayload() });
    }
  }

  reconnectNow(reason: string): void {
    if (this.stopped) return;
    this.deps.logger.log('info', 'socket.io: reconnecting now', { reason });
    this.backoff.reset();
    this.dispose();
    this.connect('reconnecting', reason);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.dispose();
    this.book.clearTimers();
    this.deps.listener.onConnection({ state: 'stopped', transport: this.name });
  }

  private connect(state: 'connecting' | 'reconnecting', reason?: string): void {
    const gen = ++this.generation;
    const s = this.deps.settings;
    this.deps.listener.onConnection({ state, transport: this.name, protocol: this.protocol, ...(reason ? { reason } : {}) });
    const factory = this.deps.clientFactory ?? createSocketIoClient;
    const client = factory(this.major, { host: s.host, path: s.path, connectTimeoutMs: Math.max(5000, s.subscribeTimeout) });
    this.client = client;
    const current = (): boolean => gen === this.generation && !this.stopped;

    client.onConnect(() => {
      if (!current()) return;
      this.connectedGeneration = gen;
      this.backoff.reset();
      this.deps.listener.onConnection({ state: 'connected', transport: this.name, protocol: this.protocol });
      for (const channel of this.book.channels()) this.sendSubscribe(client, channel);
    });
    client.onDisconnect((why) => {
      if (current()) this.retry(`connection lost (${why})`);
    });
    client.onConnectError((why) => {
      if (current()) this.retry(`cannot connect to ${s.host}: ${why}`);
    });
    client.onAnyEvent((event, args) => {
      if (current()) this.dispatch(event, args);
    });
  }

  private retry(reason: string): void {
    this.dispose();
    this.book.markAllPending(reason);
    const delay = this.backoff.next();
    this.deps.logger.log('warn', 'socket.io: disconnected', { reason, retryInMs: delay });
    this.deps.listener.onConnection({ state: 'reconnecting', transport: this.name, protocol: this.protocol, reason, retryInMs: delay });
    const gen = this.generation;
    this.retryTimer = setTimeout(() => {
      if (gen === this.generation && !this.stopped) this.connect('reconnecting', reason);
    }, delay);
  }

  private dispose(): void {
    this.generation++;
    this.connectedGeneration = -1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    client?.close();
  }

  private authPayload(): { headers: Record<string, string> } {
    return { headers: { Authorization: `Bearer ${this.deps.authority.token()}`, 'X-Requested-With': 'XMLHttpRequest' } };
  }

  private sendSubscribe(client: SocketIoClient, channel: string): void {
    this.book.pending(channel);
    client.emit('subscribe', { channel, auth: this.authPayload() });
  }

  private dispatch(event: unknown, args: readonly unknown[]): void {
    const [first, second] = args;
    if (typeof event !== 'string') {
      this.deps.listener.onMalformed({ channel: typeof first === 'string' ? first : '(unknown)', reason: `event name is not a string (${typeof event})`, sample: sampleOf([event, ...args]) });
      return;
    }
    switch (event) {
      case 'subscription_error': {
        if (typeof first !== 'string') return;
        const status = typeof second === 'number' ? second : Number(second);
        this.book.refused(refusalStatus(first, Number.isFinite(status) ? status : -1));
        return;
      }
      case 'presence:subscribed': {
        if (typeof first !== 'string') return;
        const members = Array.isArray(second) ? second.map(presenceMember).filter((m): m is PresenceMember => m !== undefined) : [];
        this.book.confirmed(first);
        this.deps.listener.onPresence({ kind: 'here', channel: first, members: dedupeMembers(members) });
        return;
      }
      case 'presence:joining':
      case 'presence:leaving': {
        const member = presenceMember(second);
        if (typeof first !== 'string' || !member) return;
        this.deps.listener.onPresence({ kind: event === 'presence:joining' ? 'joining' : 'leaving', channel: first, member });
        return;
      }
      default:
        break;
    }
    if (event.startsWith('client-')) return; // whispers between browsers, not broadcasts
    if (typeof first !== 'string') {
      this.deps.listener.onMalformed({ channel: '(unknown)', reason: `event "${event.slice(0, 100)}" arrived without a channel name`, sample: sampleOf(args) });
      return;
    }
    this.deps.listener.onMessage({ channel: first, event, data: second });
  }
}

/** A user with two browser tabs is one member to a person reading the list. */
function dedupeMembers(members: readonly PresenceMember[]): PresenceMember[] {
  const seen = new Map<string, PresenceMember>();
  for (const m of members) seen.set(m.id, m);
  return [...seen.values()];
}

export function sampleOf(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
