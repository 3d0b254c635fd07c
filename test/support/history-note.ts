import type { TrayNotification } from '../../app/pipeline/notification.js';

/** Notification `i` for history tests: even ones on `todos`, odd ones on `chat`, received i seconds into 2024. */
export function historyNote(i: number, over: Partial<TrayNotification> = {}): TrayNotification {
  return {
    id: `id-${i}`,
    channel: i % 2 === 0 ? 'todos' : 'chat',
    event: 'App\\Events\\Thing',
    title: `Title ${i}`,
    body: `Body ${i}`,
    url: '',
    receivedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    urgency: 'normal',
    ...over,
  };
}
