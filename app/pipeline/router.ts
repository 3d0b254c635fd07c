import type { BroadcastEvent } from './notification.js';
import { isLaravelNotification } from './laravel-names.js';

export type RouteDecision = 'deliver' | 'not-subscribed' | 'duplicate';

/**
 * Decides whether a normalized event reaches the user: only on a channel we hold, and a Laravel
 * notification only once per channel (its `id` is a uuid, so a second copy after a reconnect is the
 * same one). Per channel, so that an id sent on another channel cannot hide the real one.
 */
export class Router {
  private readonly seen = new Set<string>();

  constructor(
    private readonly isSubscribed: (channel: string) => boolean,
    private readonly memory = 10_000,
  ) {}

  route(ev: BroadcastEvent): RouteDecision {
    if (!this.isSubscribed(ev.channel)) return 'not-subscribed';
    const key = dedupeKey(ev);
    if (key === undefined) return 'deliver';
    if (this.seen.has(key)) return 'duplicate';
    this.seen.add(key);
    if (this.seen.size > this.memory) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return 'deliver';
  }

  /** This Laravel notification id was shown (or loaded from history) on this channel. */
  knows(channel: string, id: string): boolean {
    return this.seen.has(notificationKey(channel, id));
  }

  /** Ids already in history count as seen, so a restart does not show them again. */
  remember(channel: string, id: string): void {
    this.seen.add(notificationKey(channel, id));
  }
}

export function dedupeKey(ev: BroadcastEvent): string | undefined {
  if (!isLaravelNotification(ev.event)) return undefined;
  const id = ev.data.id;
  return typeof id === 'string' && id !== '' ? notificationKey(ev.channel, id) : undefined;
}

function notificationKey(channel: string, id: string): string {
  return `notification:${channel}\u0000${id}`;
}
