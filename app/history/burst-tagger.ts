import type { CoalesceSettings } from '../schema/settings-schema.js';
import type { TrayNotification } from '../pipeline/notification.js';

/**
 * Gives each history entry a `burst` group key, so that the window can fold a burst into one row
 * ("12 updates in To-dos"): an entry that arrives (by `receivedAt`) within the coalescing window
 * after the previous entry of the same channel joins that entry's burst; any other entry starts
 * one, keyed by its own id. A lone entry is a burst of one. With coalescing off there are no bursts.
 */
export class BurstTagger {
  private readonly last = new Map<string, { readonly at: number; readonly burst: string }>();

  constructor(private readonly coalesce: () => CoalesceSettings) {}

  tag(n: TrayNotification): TrayNotification & { readonly burst: string } {
    const { enabled, windowMs } = this.coalesce();
    const at = Date.parse(n.receivedAt);
    const previous = this.last.get(n.channel);
    const joins = enabled && previous !== undefined && Number.isFinite(at) && at >= previous.at && at - previous.at <= windowMs;
    const burst = joins ? previous.burst : n.id;
    this.last.set(n.channel, { at: Number.isFinite(at) ? at : Number.NEGATIVE_INFINITY, burst });
    return { ...n, burst };
  }
}
