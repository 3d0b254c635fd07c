import type { LaravelClient } from '../auth/laravel-client.js';
import type { Delivery, EchoCore } from '../core/echo-core.js';
import type { HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import { NotificationCatchUp, type CatchUpResult } from './catch-up.js';
import type { StoredNotification } from './notification-feed.js';
import { outageWatcher, type ConnectionGap } from './outage-watch.js';

/**
 * Laravel's `created_at` is whole seconds on the server's clock, and a dying connection is noticed
 * late: look back this much further than the moment the connection was lost (known ids stop it anyway).
 */
export const LOOK_BACK_MS = 120_000;

/** Shorter drops (a reconnect on purpose for a new token) are not worth a line in the history. */
export const MIN_GAP_MS = 5_000;

export interface MissedNotificationsDeps {
  readonly core: EchoCore;
  readonly client: LaravelClient;
  readonly logger: Logger;
  /** `laravel.notifications`; undefined: gaps are still reported, nothing is fetched. */
  readonly path: string | undefined;
  readonly now?: () => Date;
  /** Also known: the history's ids (the core only remembers what it showed or was told). */
  readonly isKnown?: (id: string) => boolean;
  /**
   * Start-up: the last moment this notifier was known to be running (its newest history entry).
   * Undefined (first run, no history): nothing to catch up with at start-up, only after outages.
   */
  readonly startSince: Date | undefined;
  /** The deliveries of one catch-up (history already got them through the core's 'notification'). */
  readonly onMissed: (deliveries: readonly Delivery[]) => void;
  readonly onGap?: (gap: ConnectionGap) => void;
  readonly minGapMs?: number;
}

export interface MissedNotifications {
  readonly catchUp: NotificationCatchUp | undefined;
  /** The latest catch-up run, if any (tests and the doctor wait on it). */
  readonly lastRun: Promise<CatchUpResult> | undefined;
  stop(): void;
}

/**
 * The channel Laravel broadcasts the user's notifications on: `private-App.Models.User.{id}` (or
 * `App.User` before Laravel 8), else whatever private channel of the user's the profile names for it
 * (a model's receivesBroadcastNotificationsOn), e.g. `private-users.{id}`.
 */
export function notificationChannel(channels: readonly string[], userId: string): string | undefined {
  const own = channels.filter((c) => c.startsWith('private-') && c.endsWith(`.${userId}`));
  return (
    own.find((c) => c === `private-App.Models.User.${userId}` || c === `private-App.User.${userId}`) ??
    own.find((c) => /user/i.test(c) && !/todo/i.test(c)) ??
    own[0]
  );
}

/**
 * After the first connection and after every outage, fetches the notifications Laravel stored
 * meanwhile and puts the unknown ones through the core as if their broadcast had arrived.
 */
export function watchMissedNotifications(deps: MissedNotificationsDeps): MissedNotifications {
  const now = deps.now ?? (() => new Date());
  const { core } = deps;
  let stopped = false;
  let lastRun: Promise<CatchUpResult> | undefined;
  let warnedNoChannel = false;
  const catchUp =
    deps.path === undefined
      ? undefined
      : new NotificationCatchUp({
          client: deps.client,
          path: deps.path,
          token: () => core.token,
          logger: deps.logger,
          isKnown: (id) => {
            const channel = notificationChannel(core.channels().map((c) => c.channel), core.userId);
            return (channel !== undefined && core.knowsNotification(id, channel)) || (deps.isKnown?.(id) ?? false);
          },
          deliver: (items) => deliver(items),
        });
  const deliver = (items: readonly StoredNotification[]): void => {
    if (stopped) return;
    const channel = notificationChannel(core.channels().map((c) => c.channel), core.userId);
    if (channel === undefined) {
      const message = `notifications: ${items.length} missed, but no private channel of user ${core.userId} is subscribed to show them on`;
      if (!warnedNoChannel) deps.logger.log('warn', message);
      warnedNoChannel = true;
      return;
    }
    const deliveries = core.deliverMissed(channel, items);
    if (deliveries.length > 0) deps.onMissed(deliveries);
  };
  const run = (since: Date | undefined): void => {
    if (catchUp && !stopped) lastRun = catchUp.run(since === undefined ? undefined : new Date(since.getTime() - LOOK_BACK_MS));
  };
  // A catch-up waits until the notification channel is subscribed again: a notification created after
  // the fetch but before the relay joined the channel would otherwise be neither fetched nor received.
  let waiting: Date | undefined;
  const channelReady = (): boolean => {
    const statuses = core.channels();
    const channel = notificationChannel(statuses.map((c) => c.channel), core.userId);
    return channel === undefined || statuses.some((c) => c.channel === channel && c.state === 'subscribed');
  };
  const flush = (): void => {
    if (waiting === undefined || stopped || !channelReady()) return;
    const since = waiting;
    waiting = undefined;
    run(since);
  };
  const runWhenSubscribed = (since: Date): void => {
    // Two outages before the channel is back: the earlier moment covers both.
    if (waiting === undefined || since < waiting) waiting = since;
    flush();
  };
  const watch = outageWatcher(now, {
    onFirstConnect: () => {
      if (deps.startSince !== undefined) runWhenSubscribed(deps.startSince);
    },
    onBack: (gap) => {
      if (gap.to.getTime() - gap.from.getTime() >= (deps.minGapMs ?? MIN_GAP_MS)) deps.onGap?.(gap);
      runWhenSubscribed(gap.from);
    },
  });
  core.on('connection', watch);
  core.on('channel', flush);
  // Started after the core connected: that was the first connection.
  if (core.connection.state === 'connected') watch(core.connection);
  return {
    catchUp,
    get lastRun() {
      return lastRun;
    },
    stop() {
      stopped = true;
      core.off('connection', watch);
      core.off('channel', flush);
    },
  };
}

/** The last moment this notifier is known to have been running: its newest history entry. */
export function newestEntryTime(history: Pick<HistoryStore, 'list'> | undefined): Date | undefined {
  const newest = history?.list({ limit: 1 }).items[0];
  return newest === undefined ? undefined : new Date(newest.receivedAt);
}
