import type { Settings } from '../bridge/contract.js';
import type { Delivery } from '../core/echo-core.js';
import type { TrayNotification } from '../pipeline/notification.js';
import type { Clock } from './clock.js';
import { silenceAt } from './quiet-time.js';
import { ellipsize } from '../util/ellipsize.js';

/** What the OS notifier is asked to show. */
export type OsNotice =
  | { readonly kind: 'item'; readonly notification: TrayNotification }
  | {
      readonly kind: 'summary';
      readonly channel: string;
      readonly count: number;
      readonly title: string;
      readonly body: string;
      /** The newest item folded into the summary. */
      readonly latestId: string;
    };

/** What became of one delivery (history gets every item regardless). */
export type PolicyVerdict = 'shown' | 'held-for-summary' | 'muted' | 'paused' | 'quiet-hours';

export interface NotificationPolicyDeps {
  readonly clock: Clock;
  readonly settings: () => Settings;
  readonly show: (notice: OsNotice) => void;
}

interface ChannelBurst {
  /** Times (ms) of the notices shown for this channel, oldest first, within the window. */
  recent: number[];
  /** Items waiting for the summary, while a burst lasts. */
  held: TrayNotification[] | null;
  cancelFlush: (() => void) | null;
}

/** `private-todoevent.updated.8164` → `todoevent.updated.8164` */
export function channelLabel(channel: string): string {
  return channel.replace(/^(private-|presence-)/, '');
}

function truncate(text: string, max: number): string {
  return ellipsize(text, max);
}

export function summaryNotice(channel: string, items: readonly TrayNotification[]): OsNotice {
  const latest = items[items.length - 1];
  return {
    kind: 'summary',
    channel,
    count: items.length,
    title: `${items.length} updates in ${channelLabel(channel)}`,
    body: latest ? truncate(`Latest: ${latest.title}`, 200) : '',
    latestId: latest?.id ?? '',
  };
}

/**
 * Decides which deliveries raise an OS notification: mute, pause and quiet hours silence them
 * (an urgent item breaks through quiet hours when the user allows it), and bursts are coalesced
 * per channel: once `threshold` notices were shown within `windowMs`, further items are held and
 * shown as one summary at the end of the window; the burst lasts while each window gets new items.
 */
export class NotificationPolicy {
  private readonly bursts = new Map<string, ChannelBurst>();

  constructor(private readonly deps: NotificationPolicyDeps) {}

  offer(delivery: Delivery): PolicyVerdict {
    if (delivery.muted) return 'muted';
    const settings = this.deps.settings();
    const now = this.deps.clock.now();
    const n = delivery.notification;
    const urgent = n.urgency === 'critical';
    const silence = silenceAt(settings, now);
    if (silence?.kind === 'paused') return 'paused';
    if (silence?.kind === 'quiet-hours' && !(urgent && settings.quietHours.allowUrgent)) return 'quiet-hours';

    const { enabled, windowMs, threshold } = settings.coalesce;
    if (!enabled || urgent) {
      if (enabled) this.burstOf(n.channel).recent.push(now.getTime());
      this.deps.show({ kind: 'item', notification: n });
      return 'shown';
    }
    const burst = this.burstOf(n.channel);
    if (burst.held) {
      burst.held.push(n);
      return 'held-for-summary';
    }
    const t = now.getTime();
    burst.recent = burst.recent.filter((shownAt) => shownAt > t - windowMs);
    if (burst.recent.length < threshold) {
      burst.recent.push(t);
      this.deps.show({ kind: 'item', notification: n });
      return 'shown';
    }
    burst.held = [n];
    this.scheduleFlush(n.channel, burst, windowMs);
    return 'held-for-summary';
  }

  /** Cancels pending summaries (on quit). */
  dispose(): void {
    for (const burst of this.bursts.values()) burst.cancelFlush?.();
    this.bursts.clear();
  }

  private burstOf(channel: string): ChannelBurst {
    let burst = this.bursts.get(channel);
    if (!burst) {
      burst = { recent: [], held: null, cancelFlush: null };
      this.bursts.set(channel, burst);
    }
    return burst;
  }

  private scheduleFlush(channel: string, burst: ChannelBurst, windowMs: number): void {
    burst.cancelFlush = this.deps.clock.schedule(() => this.flush(channel, burst), windowMs);
  }

  private flush(channel: string, burst: ChannelBurst): void {
    const items = burst.held ?? [];
    burst.cancelFlush = null;
    if (items.length === 0) {
      // A whole window without new items: the burst is over.
      burst.held = null;
      return;
    }
    const settings = this.deps.settings();
    const now = this.deps.clock.now();
    // Keep collecting: a steady stream gives one summary per window, not a toast per item.
    burst.held = [];
    this.scheduleFlush(channel, burst, settings.coalesce.windowMs);
    if (silenceAt(settings, now) !== null) return;
    burst.recent.push(now.getTime());
    const only = items[0];
    this.deps.show(items.length === 1 && only ? { kind: 'item', notification: only } : summaryNotice(channel, items));
  }
}
