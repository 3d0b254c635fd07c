import type { Clock } from '../util/clock.js';
import type { ReconnectSettings } from '../profile/profile.js';
import type { ChannelBook } from './channel-book.js';
import { BusyWaits, busyReason, isBusyStatus, parseRetryAfter, transportClock, type BusyPolicy } from './retry-after.js';
import {
  isPresenceChannel,
  isPrivateChannel,
  presenceMember,
  refusalStatus,
  type ChannelAuthority,
  type TransportListener,
} from './transport.js';

/** Authorization failures that may pass (Laravel down, 429, 5xx) are retried this many times per connection. */
export const AUTH_RETRIES = 4;

/** A transport's own deps fit: transient refusals are retried after its reconnectionDelay × 2^n, capped. */
export interface PrivateChannelGateDeps {
  readonly authority: ChannelAuthority;
  readonly listener: Pick<TransportListener, 'onPresence'>;
  readonly settings: Pick<ReconnectSettings, 'reconnectionDelay' | 'reconnectionDelayMax'>;
  /** Time for the retries and the busy waits (429/503); default unref'd timers; tests inject a fake one. */
  readonly clock?: Clock;
  readonly busyPolicy?: BusyPolicy;
}

/**
 * For sources that can read every channel whatever the user (direct Redis, the plain relay): a
 * private or presence channel is opened only after `/broadcasting/auth` said yes for this user,
 * and asked again for every new connection (`reset()`), so an authorization still in flight from
 * an older connection never opens anything.
 */
export class PrivateChannelGate {
  private epoch = 0;
  private readonly retryTimers = new Set<() => void>();
  private readonly busy: BusyWaits;
  private readonly clock: Clock;

  constructor(
    private readonly deps: PrivateChannelGateDeps,
    private readonly book: ChannelBook,
  ) {
    this.clock = deps.clock ?? transportClock;
    this.busy = new BusyWaits(this.clock, deps.busyPolicy);
  }

  /** A new connection, or none: forget authorizations in flight and pending retries. */
  reset(): void {
    this.epoch++;
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
    this.busy.cancelAll();
  }

  isCurrent(epoch: number): boolean {
    return epoch === this.epoch;
  }

  /** Marks `channel` pending; once this user may read it, calls `admitted` with the current epoch. */
  open(channel: string, admitted: (epoch: number) => void): void {
    void this.attempt(channel, this.epoch, 0, admitted);
  }

  private async attempt(channel: string, epoch: number, attempt: number, admitted: (epoch: number) => void): Promise<void> {
    const { authority, listener } = this.deps;
    const book = this.book;
    book.pending(channel, 'await');
    if (isPrivateChannel(channel)) {
      const answer = await authority.authorize(channel);
      if (epoch !== this.epoch || !book.has(channel)) return;
      if (!answer.ok && isBusyStatus(answer.status)) {
        // Told when to come back: not an error, and not counted against AUTH_RETRIES.
        const retryAfter = parseRetryAfter(answer.retryAfter, this.clock.now().getTime());
        const delay = this.busy.wait(channel, retryAfter, () => {
          if (epoch === this.epoch && book.has(channel)) void this.attempt(channel, epoch, attempt, admitted);
        });
        book.waiting(channel, answer.status, busyReason(delay));
        return;
      }
      this.busy.answered(channel);
      if (!answer.ok) {
        book.refused(refusalStatus(channel, answer.status, answer.status === 401 || answer.status === 403 ? undefined : answer.reason));
        const transient = answer.status === 0 || answer.status >= 500;
        if (transient && attempt < AUTH_RETRIES) this.retryLater(channel, epoch, attempt + 1, admitted);
        return;
      }
      if (isPresenceChannel(channel)) {
        const me = presenceMember(channelData(answer.body));
        listener.onPresence({ kind: 'here', channel, members: me ? [me] : [] });
      }
    }
    admitted(epoch);
  }

  private retryLater(channel: string, epoch: number, attempt: number, admitted: (epoch: number) => void): void {
    const cancel = this.clock.schedule(() => {
      this.retryTimers.delete(cancel);
      if (epoch === this.epoch) void this.attempt(channel, epoch, attempt, admitted);
    }, authRetryDelay(this.deps.settings, attempt));
    this.retryTimers.add(cancel);
  }
}

export function authRetryDelay(s: Pick<ReconnectSettings, 'reconnectionDelay' | 'reconnectionDelayMax'>, attempt: number): number {
  return Math.min(s.reconnectionDelayMax, s.reconnectionDelay * 2 ** attempt);
}

/** `channel_data` of an auth answer: an object (redis driver) or a JSON string (pusher driver). */
export function channelData(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as Record<string, unknown>).channel_data;
  if (typeof data === 'string') {
    try {
      return JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
  }
  return data;
}
