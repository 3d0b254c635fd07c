import type { SocketIoConnection } from '../profile/profile.js';
import { sampleOf } from '../util/log-format.js';
import { ChannelBook } from './channel-book.js';
import { BusyWaits, busyReason, isBusyStatus } from './retry-after.js';
import { packetStrings, type SocketIoClient } from './socketio-clients.js';
import { SocketIoLink, type SocketIoRelayDeps } from './socketio-link.js';
import { oversizeReason, presenceMember, refusalStatus, type PresenceMember, type Transport } from './transport.js';

export type SocketIoTransportDeps = SocketIoRelayDeps<SocketIoConnection>;

/**
 * laravel-echo-server's protocol (also spoken by socket.io v4 relays written after it):
 * `subscribe`/`unsubscribe` with `auth.headers`, events arrive as `(event, channel, data)`, refusals
 * as `subscription_error (channel, status)`. A private subscription is never acknowledged, so a
 * channel counts as subscribed once the relay had time to refuse it.
 */
export class SocketIoTransport implements Transport {
  readonly name = 'socket.io';
  private readonly book: ChannelBook;
  private readonly link: SocketIoLink;
  private readonly busy: BusyWaits;

  constructor(private readonly deps: SocketIoTransportDeps) {
    const s = deps.settings;
    this.busy = new BusyWaits(deps.clock, deps.busyPolicy);
    this.book = new ChannelBook(deps.listener, Math.min(1000, s.subscribeTimeout), s.subscribeTimeout);
    this.link = new SocketIoLink(this.name, deps, {
      onConnected: (client) => {
        for (const channel of this.book.channels()) this.sendSubscribe(client, channel);
      },
      onLost: (reason) => {
        this.busy.cancelAll();
        this.book.markAllPending(reason);
      },
      onEvent: (event, args) => this.dispatch(event, args),
      onOversized: (bytes, head) => {
        const [event, channel] = packetStrings(head);
        if (event?.startsWith('client-')) return;
        const reason = oversizeReason(bytes, deps.maxEventBytes ?? 0);
        deps.listener.onMalformed({ channel: channel ?? '(unknown)', reason, sample: head });
      },
    });
  }

  start(): void {
    this.link.start();
  }

  subscribe(channel: string): void {
    if (!this.book.add(channel)) return;
    const client = this.link.connected;
    if (client) this.sendSubscribe(client, channel);
  }

  unsubscribe(channel: string): void {
    if (!this.book.remove(channel)) return;
    this.link.connected?.emit('unsubscribe', { channel, auth: this.authPayload() });
  }

  reconnectNow(reason: string): void {
    this.link.reconnectNow(reason);
  }

  async stop(): Promise<void> {
    this.link.stop();
    this.busy.cancelAll();
    this.book.clearTimers();
    this.deps.listener.onConnection({ state: 'stopped', transport: this.name });
  }

  private authPayload(): { headers: Record<string, string> } {
    return { headers: { Authorization: `Bearer ${this.deps.authority.token()}`, 'X-Requested-With': 'XMLHttpRequest' } };
  }

  private sendSubscribe(client: SocketIoClient, channel: string): void {
    this.book.pending(channel);
    client.emit('subscribe', { channel, auth: this.authPayload() });
  }

  /**
   * Laravel answered the relay's /broadcasting/auth with 429/503. laravel-echo-server passes on the
   * status but not Retry-After: wait the busy policy's fallback (plus jitter), then subscribe again.
   */
  private waitWhileBusy(channel: string, status: number): void {
    const delay = this.busy.wait(channel, undefined, () => {
      const client = this.link.connected;
      if (client && this.book.has(channel)) this.sendSubscribe(client, channel);
    });
    this.book.waiting(channel, status, busyReason(delay));
  }

  private dispatch(event: unknown, args: readonly unknown[]): void {
    const [first, second] = args;
    if (typeof event !== 'string') {
      this.deps.listener.onMalformed({
        channel: typeof first === 'string' ? first : '(unknown)',
        reason: `event name is not a string (${typeof event})`,
        sample: sampleOf([event, ...args]),
      });
      return;
    }
    switch (event) {
      case 'subscription_error': {
        if (typeof first !== 'string') return;
        // Number() of an arbitrary object can throw (an own "toString" that is not a function).
        const status = typeof second === 'number' ? second : typeof second === 'string' ? Number(second) : Number.NaN;
        if (isBusyStatus(status) && this.book.has(first)) {
          this.waitWhileBusy(first, status);
          return;
        }
        this.busy.answered(first);
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
      this.deps.listener.onMalformed({
        channel: '(unknown)',
        reason: `event "${event.slice(0, 100)}" arrived without a channel name`,
        sample: sampleOf(args),
      });
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
