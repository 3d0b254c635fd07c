import type { Settings } from '../bridge/contract.js';
import type { Delivery } from '../core/echo-core.js';
import { channelDisplayName, translatorFor, type Translator } from '../i18n/index.js';
import type { TrayNotification } from '../pipeline/notification.js';
import type { Clock } from '../util/clock.js';
import { silenceAt } from './quiet-time.js';
import { ellipsize } from '../util/ellipsize.js';

/** What the OS notifier is asked to show. */
export type OsNotice =
  | { readonly kind: 'item'; readonly notification: TrayNotification }
  | {
      readonly kind: 'summary';
      /** The channel of the burst; '' for a summary of notifications missed while offline. */
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
  /** The language of the summaries (default English). */
  readonly translator?: () => Translator;
  /** The name staff read for a channel (default: the built-in names, see channelDisplayName). */
  readonly channelName?: (channel: string) => string;
}

/** What a summary says of the items it folds: how many, and the newest. */
export interface HeldItems {
  count: number;
  latest: TrayNotification | undefined;
}

interface ChannelBurst {
  /** Times (ms) of the notices shown for this channel, oldest first, within the window. */
  recent: number[];
  /**
   * The items waiting for the summary, while a burst lasts. Counted, not kept: a burst of 50,000
   * would otherwise keep 50,000 notifications alive until its window ends.
   */
  held: HeldItems | null;
  cancelFlush: (() => void) | null;
}

function truncate(text: string, max: number): string {
  return ellipsize(text, max);
}

export function summaryNotice(
  channel: string,
  { count, latest }: HeldItems,
  tr: Translator,
  name = channelDisplayName(channel, null, tr),
): OsNotice {
  return {
    kind: 'summary',
    channel,
    count,
    title: tr.t('notice.summary', { count, channel: name }),
    body: latest ? truncate(tr.t('notice.latest', { title: latest.title }), 200) : '',
    latestId: latest?.id ?? '',
  };
}

/** One notice for the notifications caught up after an outage, in the staff's language. */
export function missedNotice(items: readonly TrayNotification[], tr: Translator): OsNotice {
  const latest = items[items.length - 1];
  return {
    kind: 'summary',
    channel: '',
    count: items.length,
    title: tr.t('notice.whileOffline', { count: items.length }),
    body: latest ? truncate(tr.t('notice.latest', { title: latest.title }), 200) : '',
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
      burst.held.count++;
      burst.held.latest = n;
      return 'held-for-summary';
    }
    const t = now.getTime();
    burst.recent = burst.recent.filter((shownAt) => shownAt > t - windowMs);
    if (burst.recent.length < threshold) {
      burst.recent.push(t);
      this.deps.show({ kind: 'item', notification: n });
      return 'shown';
    }
    burst.held = { count: 1, latest: n };
    this.scheduleFlush(n.channel, burst, windowMs);
    return 'held-for-summary';
  }

  /**
   * The notifications of one catch-up: those read in Laravel or muted raise nothing; pause and quiet
   * hours apply as to live ones; several become one notice ("3 notifications while you were offline").
   */
  offerMissed(deliveries: readonly Delivery[]): PolicyVerdict {
    const live = deliveries.filter((d) => d.alreadyRead !== true && !d.muted);
    const only = live[0];
    if (only === undefined) return 'muted';
    if (live.length === 1) return this.offer(only);
    const settings = this.deps.settings();
    const silence = silenceAt(settings, this.deps.clock.now());
    const urgent = live.some((d) => d.notification.urgency === 'critical');
    if (silence?.kind === 'paused') return 'paused';
    if (silence?.kind === 'quiet-hours' && !(urgent && settings.quietHours.allowUrgent)) return 'quiet-hours';
    this.deps.show(missedNotice(live.map((d) => d.notification), this.translator()));
    return 'shown';
  }

  /** Cancels pending summaries (on quit). */
  dispose(): void {
    for (const burst of this.bursts.values()) burst.cancelFlush?.();
    this.bursts.clear();
  }

  private translator(): Translator {
    return this.deps.translator?.() ?? translatorFor('en');
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
    const held = burst.held;
    burst.cancelFlush = null;
    if (held === null || held.count === 0) {
      // A whole window without new items: the burst is over.
      burst.held = null;
      return;
    }
    const settings = this.deps.settings();
    const now = this.deps.clock.now();
    // Keep collecting: a steady stream gives one summary per window, not a toast per item.
    burst.held = { count: 0, latest: undefined };
    this.scheduleFlush(channel, burst, settings.coalesce.windowMs);
    if (silenceAt(settings, now) !== null) return;
    burst.recent.push(now.getTime());
    if (held.count === 1 && held.latest) {
      this.deps.show({ kind: 'item', notification: held.latest });
      return;
    }
    this.deps.show(summaryNotice(channel, held, this.translator(), this.deps.channelName?.(channel)));
  }
}
