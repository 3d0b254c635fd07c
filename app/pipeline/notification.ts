import type { Urgency } from '../profile/profile-schema.js';

/** A broadcast event after normalization: canonical channel, full and short event name. */
export interface BroadcastEvent {
  /** Channel name as Laravel names it (`private-todoevent.updated.8164`), without any Redis prefix. */
  readonly channel: string;
  /** Event name as broadcast: the full class name (`App\Events\TodoEventUpdated`) or `broadcastAs()`. */
  readonly event: string;
  /** Short name: the class name without namespace, or the broadcastAs name without a leading dot. */
  readonly shortEvent: string;
  /** The event's payload (public properties or broadcastWith()), without Laravel's `socket` key. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Which transport delivered it (`socket.io`, `redis`, …). */
  readonly transport: string;
  readonly receivedAt: Date;
}

export type { Urgency };

/** What a user is shown: one line of `echo-tray listen --json`, one history entry, one OS toast. */
export interface TrayNotification {
  readonly id: string;
  readonly channel: string;
  readonly event: string;
  readonly title: string;
  readonly body: string;
  /** The related Laravel page, unvalidated: whoever opens it applies the URL policy. */
  readonly url: string;
  /** ISO 8601 time the event reached the notifier. */
  readonly receivedAt: string;
  readonly urgency: Urgency;
  /** Laravel notification class (`App\Notifications\InvoicePaid`) for BroadcastNotificationCreated. */
  readonly type?: string;
  /** Only on a connection-gap entry (see app/history/gap-entry.ts): when the outage began (ISO 8601). */
  readonly offlineFrom?: string;
  /**
   * History only: the group key of the burst this entry arrived in (the id of the burst's first
   * entry; see BurstTagger). Entries with the same key are one row in the window.
   */
  readonly burst?: string;
}

/** One row of Laravel's `notifications` table as `DatabaseNotification` serializes it (catch-up reads, the core delivers). */
export interface StoredNotification {
  /** The uuid the broadcast carried as well. */
  readonly id: string;
  /** The notification class (`App\Notifications\InvoicePaid`), or its databaseType(). */
  readonly type: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  readonly readAt: Date | undefined;
  readonly createdAt: Date | undefined;
}
