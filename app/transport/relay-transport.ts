import type { RelayConnection } from '../profile/profile.js';
import { ChannelBook } from './channel-book.js';
import { PrivateChannelGate } from './private-channel-gate.js';
import { splitRelayEvent } from './relay-event-name.js';
import { SocketIoLink, type SocketIoRelayDeps } from './socketio-link.js';
import { packetStrings } from './socketio-clients.js';
import { oversizeReason, type Transport } from './transport.js';

export type RelayTransportDeps = SocketIoRelayDeps<RelayConnection>;

/**
 * The plain relay (`"broadcaster": "relay"`): a bare socket.io server that PSUBSCRIBEs `*` and re-emits every
 * Redis message as `<channel>:<event>` (`io.emit(channel + ':' + event, data)`). It has no rooms and
 * no auth, so every client receives every user's events. We keep only the channels we hold, and a
 * private or presence one only after `/broadcasting/auth` said yes for this user, as in Redis mode.
 */
export class RelayTransport implements Transport {
  readonly name = 'relay';
  private readonly book: ChannelBook;
  private readonly gate: PrivateChannelGate;
  private readonly link: SocketIoLink;

  constructor(private readonly deps: RelayTransportDeps) {
    this.book = new ChannelBook(deps.listener, 0, deps.settings.subscribeTimeout);
    this.gate = new PrivateChannelGate(deps, this.book);
    this.link = new SocketIoLink(this.name, deps, {
      onConnected: () => {
        this.gate.reset();
        for (const channel of this.book.channels()) this.activate(channel);
      },
      onLost: (reason) => {
        this.gate.reset();
        this.book.markAllPending(reason);
      },
      onEvent: (event, args) => this.dispatch(event, args),
      onOversized: (bytes, head) => {
        // This relay sends every channel to everyone: only ours are worth a report.
        const [event] = packetStrings(head);
        const hit = event === undefined ? undefined : splitRelayEvent(event, deps.settings.prefix, this.book.channels());
        if (hit && this.book.status(hit.channel)?.state === 'subscribed') {
          deps.listener.onMalformed({ channel: hit.channel, reason: oversizeReason(bytes, deps.maxEventBytes ?? 0), sample: head });
        }
      },
    });
  }

  start(): void {
    this.link.start();
  }

  subscribe(channel: string): void {
    if (!this.book.add(channel)) return;
    if (this.link.connected) this.activate(channel);
  }

  unsubscribe(channel: string): void {
    this.book.remove(channel);
  }

  reconnectNow(reason: string): void {
    this.link.reconnectNow(reason);
  }

  async stop(): Promise<void> {
    this.link.stop();
    this.gate.reset();
    this.book.clearTimers();
    this.deps.listener.onConnection({ state: 'stopped', transport: this.name });
  }

  private activate(channel: string): void {
    this.gate.open(channel, (epoch) => {
      if (this.gate.isCurrent(epoch) && this.book.has(channel)) this.book.confirmed(channel);
    });
  }

  private dispatch(event: unknown, args: readonly unknown[]): void {
    if (typeof event !== 'string') return;
    const hit = splitRelayEvent(event, this.deps.settings.prefix, this.book.channels());
    // Someone else's channel, or ours before Laravel allowed it: this relay sends everything to everyone.
    if (!hit || this.book.status(hit.channel)?.state !== 'subscribed') return;
    this.deps.listener.onMessage({ channel: hit.channel, event: hit.event, data: args[0] });
  }
}
