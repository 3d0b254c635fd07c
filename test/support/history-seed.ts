import { formatNote } from '../../app/history/history-record.js';
import type { TrayNotification } from '../../app/pipeline/notification.js';
import { ALICE } from './stack.js';

export const SEED_CHANNEL = `private-todoevent.updated.${ALICE.id}`;

export function seedTitle(i: number): string {
  return `Order #${String(i).padStart(6, '0')} shipped`;
}

/**
 * A history file as the app writes it, oldest first: entry i was received i minutes before the
 * newest, odd ones on Alice's private channel, even ones on poster_room; the newest three unread.
 */
export function seededHistory(count: number, now: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const n: TrayNotification = {
      id: `seed-${i}`,
      channel: i % 2 === 0 ? 'poster_room' : SEED_CHANNEL,
      event: i % 2 === 0 ? 'backend_poster' : 'App\\Events\\TodoEventUpdated',
      title: seedTitle(i),
      body: `Parcel ${i} left the warehouse`,
      url: `https://app.acme.test/orders/${i}`,
      receivedAt: new Date(now - (count - i) * 60_000).toISOString(),
      urgency: 'normal',
    };
    lines.push(formatNote(n, i <= count - 3));
  }
  return lines.join('');
}
