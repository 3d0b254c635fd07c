import type { Delivery } from '../../app/core/echo-core.js';
import type { Collector } from '../support/events.js';

/** Publishes one broadcast as the Laravel app would (Redis, or Pusher's HTTP API). */
export type PublishBroadcast = (b: {
  readonly channels: readonly string[];
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
}) => Promise<unknown>;

/**
 * A steady stream of Laravel broadcasts (one every `intervalMs`), each carrying its sequence
 * number, that keeps going while servers are killed and restarted. It remembers which publishes
 * completed, so a test can say which events were published while the notifier was connected.
 */
export class SteadyStream {
  /** Sequence numbers whose PUBLISH completed (Redis accepted it), in order. */
  readonly completed: number[] = [];
  private next = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  failures = 0;

  constructor(
    private readonly publish: PublishBroadcast,
    private readonly channels: readonly string[],
    private readonly intervalMs = 5,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** The sequence number the next publish will carry. */
  get nextSeq(): number {
    return this.next;
  }

  /** Completed publishes with seq in [from, to). */
  completedBetween(from: number, to: number): number[] {
    return this.completed.filter((s) => s >= from && s < to);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const seq = this.next++;
      const channel = this.channels[seq % this.channels.length] ?? 'poster_room';
      try {
        await this.publish({ channels: [channel], event: 'App\\Events\\StreamTick', data: { seq, message: `tick ${seq}` } });
        this.completed.push(seq);
      } catch {
        this.failures++; // the server is down: the event was (probably) never published
      }
      // Pacing, not synchronization: a steady rate rather than a flood.
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}

export function seqOf(d: Delivery): number | undefined {
  const seq = d.event.data.seq;
  return typeof seq === 'number' ? seq : undefined;
}

/** How many times each sequence number was delivered. */
export function deliveryCounts(notifications: Collector<[Delivery]>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [d] of notifications.items) {
    const seq = seqOf(d);
    if (seq !== undefined) counts.set(seq, (counts.get(seq) ?? 0) + 1);
  }
  return counts;
}
