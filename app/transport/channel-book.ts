import type { ChannelStatus, TransportListener } from './transport.js';
import { backgroundClock, type Clock } from '../util/clock.js';
import { secondsText } from '../util/seconds-text.js';

interface Entry {
  status: ChannelStatus;
  /** Cancels the settle or answer timeout. */
  timer: (() => void) | undefined;
}

/**
 * The channels a transport should hold and the status of each, told to the listener only on change.
 * `pending(ch, 'settle')` is for relays that never acknowledge a subscription (laravel-echo-server's
 * private channels): no refusal within the settle time means subscribed. `pending(ch, 'await')`
 * waits for an explicit answer and turns into an error after the timeout.
 */
export class ChannelBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly listener: Pick<TransportListener, 'onChannel'>,
    private readonly settleMs: number,
    private readonly timeoutMs = 15_000,
    private readonly clock: Clock = backgroundClock,
  ) {}

  add(channel: string): boolean {
    if (this.entries.has(channel)) return false;
    this.entries.set(channel, { status: { channel, state: 'pending' }, timer: undefined });
    this.listener.onChannel({ channel, state: 'pending' });
    return true;
  }

  remove(channel: string): boolean {
    const entry = this.entries.get(channel);
    if (!entry) return false;
    entry.timer?.();
    this.entries.delete(channel);
    this.listener.onChannel({ channel, state: 'unsubscribed' });
    return true;
  }

  has(channel: string): boolean {
    return this.entries.has(channel);
  }

  channels(): string[] {
    return [...this.entries.keys()];
  }

  status(channel: string): ChannelStatus | undefined {
    return this.entries.get(channel)?.status;
  }

  /** `detail` is asked when the wait times out: what the server said meanwhile, if anything. */
  pending(channel: string, mode: 'settle' | 'await' = 'settle', detail?: () => string | undefined): void {
    const entry = this.entries.get(channel);
    if (!entry) return;
    entry.timer?.();
    this.set(entry, { channel, state: 'pending' });
    entry.timer =
      mode === 'settle'
        ? this.clock.schedule(() => this.confirmed(channel), this.settleMs)
        : this.clock.schedule(() => {
            const why = detail?.();
            const reason = `no answer to the subscription within ${secondsText(this.timeoutMs)} s${why ? `; ${why}` : ''}`;
            this.refused({ channel, state: 'error', reason });
          }, this.timeoutMs);
  }

  confirmed(channel: string): void {
    const entry = this.entries.get(channel);
    if (!entry) return;
    entry.timer?.();
    entry.timer = undefined;
    this.set(entry, { channel, state: 'subscribed' });
  }

  /** Told to come back later (429/503): still pending, with the wait in words; no timeout runs meanwhile. */
  waiting(channel: string, httpStatus: number, reason: string): void {
    const entry = this.entries.get(channel);
    if (!entry) return;
    entry.timer?.();
    entry.timer = undefined;
    this.set(entry, { channel, state: 'pending', httpStatus, reason });
  }

  refused(status: ChannelStatus): void {
    const entry = this.entries.get(status.channel);
    if (!entry) return;
    entry.timer?.();
    entry.timer = undefined;
    this.set(entry, status);
  }

  markAllPending(reason: string): void {
    for (const [channel, entry] of this.entries) {
      entry.timer?.();
      entry.timer = undefined;
      this.set(entry, { channel, state: 'pending', reason });
    }
  }

  clearTimers(): void {
    for (const entry of this.entries.values()) {
      entry.timer?.();
      entry.timer = undefined;
    }
  }

  private set(entry: Entry, status: ChannelStatus): void {
    const prev = entry.status;
    entry.status = status;
    if (prev.state === status.state && prev.httpStatus === status.httpStatus && prev.reason === status.reason) return;
    this.listener.onChannel(status);
  }
}
