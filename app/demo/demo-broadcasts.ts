import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Clock } from '../util/clock.js';
import { publishAsLaravel, type LaravelBroadcast } from '../publish/laravel-publisher.js';
import { errorReason } from '../util/error-reason.js';

export const BROADCAST_NOTIFICATION_CREATED = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';
const TODO_UPDATED = 'App\\Events\\TodoUpdated';
const POSTER_PUBLISHED = 'App\\Events\\PosterPublished';
export const BURST_SIZE = 12;

const TODOS = [
  'Call the supplier about the late delivery',
  'Check the March invoices',
  'Book the meeting room for Friday',
  'Renew the parking permits',
];
const STATES = ['started', 'done', 'reopened', 'assigned to you'];

export interface SampleBroadcastsOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly userId: number;
  /** A user who is not logged in: the event for them must never be shown. */
  readonly otherUserId: number;
  readonly posterChannel: string;
  /** Time between two samples. */
  readonly intervalMs: number;
  readonly clock: Clock;
  /** Told what was published (for the terminal) and about publish failures. */
  readonly report: (line: string) => void;
  /**
   * A notification sent `via(['database', 'broadcast'])` is also a row in Laravel's `notifications`
   * table (same uuid; `data` without `id` and `type`), which the desktop catches up from after an outage.
   */
  readonly storeNotification?: (stored: { userId: number; id: string; type: string; data: Record<string, unknown> }) => void;
}

/** The samples in their order; the cycle repeats. Each tick publishes one step. */
export type SampleKind = 'todo' | 'notification' | 'poster' | 'burst' | 'other-user';
export const SAMPLE_CYCLE: readonly SampleKind[] = ['todo', 'notification', 'todo', 'poster', 'todo', 'burst', 'todo', 'other-user'];

/**
 * What Laravel would broadcast for one sample, as RedisBroadcaster publishes it: a todo update on the
 * user's private channel, a database+broadcast notification (BroadcastNotificationCreated on
 * private-App.Models.User.<id>, with `id`, `type` and a link), a poster on a public channel, a burst
 * of a dozen todo updates, and a todo update for another user.
 */
export function sampleBroadcasts(
  kind: SampleKind,
  n: number,
  opts: Pick<SampleBroadcastsOptions, 'userId' | 'otherUserId' | 'posterChannel'>,
): LaravelBroadcast[] {
  const todo = (userId: number, i: number): LaravelBroadcast => ({
    channels: [`private-todoevent.updated.${userId}`],
    event: TODO_UPDATED,
    data: {
      title: `To-do ${STATES[i % STATES.length]}`,
      message: TODOS[i % TODOS.length],
      todo: { id: 100 + (i % TODOS.length), user_id: userId, done: i % STATES.length === 1 },
    },
  });
  switch (kind) {
    case 'todo':
      return [todo(opts.userId, n)];
    case 'other-user':
      return [todo(opts.otherUserId, n)];
    case 'burst':
      return Array.from({ length: BURST_SIZE }, (_, i) => todo(opts.userId, n + i));
    case 'poster':
      return [
        {
          channels: [opts.posterChannel],
          event: POSTER_PUBLISHED,
          data: { title: 'New poster in the staff room', message: 'Summer party on the roof, Friday 17:00' },
        },
      ];
    case 'notification':
      return [
        {
          channels: [`private-App.Models.User.${opts.userId}`],
          event: BROADCAST_NOTIFICATION_CREATED,
          data: {
            title: 'Invoice paid',
            message: `Invoice #${2400 + n} was paid by Acme Ltd.`,
            url: `/invoices/${2400 + n}`,
            id: randomUUID(),
            type: 'App\\Notifications\\InvoicePaid',
          },
        },
      ];
  }
}

function describeSample(kind: SampleKind, count: number): string {
  switch (kind) {
    case 'todo':
      return 'a to-do update for the demo user';
    case 'notification':
      return 'a Laravel notification with a link';
    case 'poster':
      return 'a public poster';
    case 'burst':
      return `a burst of ${count} to-do updates`;
    case 'other-user':
      return 'a to-do update for ANOTHER user (never shown)';
  }
}

/** Publishes the demo's samples every `intervalMs`, the first one at once. stop() ends it. */
export class SampleBroadcasts {
  private readonly redis: Redis;
  private tick = 0;
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly opts: SampleBroadcastsOptions) {
    this.redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await this.redis.connect();
    this.next(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    this.redis.disconnect();
    return Promise.resolve();
  }

  private next(delayMs: number): void {
    if (this.stopped) return;
    this.cancel = this.opts.clock.schedule(() => {
      void this.publishOne().finally(() => this.next(this.opts.intervalMs));
    }, delayMs);
  }

  /** DatabaseChannel runs before BroadcastChannel for `via(['database', 'broadcast'])`. */
  private storeIfNotification(b: LaravelBroadcast): void {
    if (b.event !== BROADCAST_NOTIFICATION_CREATED || this.opts.storeNotification === undefined) return;
    const { id, type, ...data } = b.data;
    if (typeof id !== 'string' || typeof type !== 'string') return;
    this.opts.storeNotification({ userId: this.opts.userId, id, type, data });
  }

  private async publishOne(): Promise<void> {
    const n = this.tick++;
    const kind = SAMPLE_CYCLE[n % SAMPLE_CYCLE.length] ?? 'todo';
    const broadcasts = sampleBroadcasts(kind, n, this.opts);
    try {
      for (const b of broadcasts) {
        this.storeIfNotification(b);
        await publishAsLaravel(this.redis, this.opts.prefix, b);
      }
      this.opts.report(`published ${describeSample(kind, broadcasts.length)}`);
    } catch (err) {
      if (!this.stopped) this.opts.report(`could not publish ${describeSample(kind, broadcasts.length)}: ${errorReason(err)}`);
    }
  }
}
