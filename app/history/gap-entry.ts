import type { TrayNotification } from '../pipeline/notification.js';

/** A time the notifier was not connected: what was broadcast then never reached it live. */
export interface ConnectionGap {
  readonly from: Date;
  readonly to: Date;
}

/** Event name of a history entry that records a connection gap, not a broadcast. */
export const GAP_EVENT = 'echo-tray:offline';

/**
 * A history entry for a time the notifier was not connected, stored read: broadcasts that are not
 * Laravel notifications cannot be fetched back, so the window shows where they may be missing.
 */
export function gapEntry(gap: ConnectionGap): TrayNotification {
  return {
    id: `gap:${gap.from.toISOString()}`,
    channel: '',
    event: GAP_EVENT,
    title: '',
    body: '',
    url: '',
    receivedAt: gap.to.toISOString(),
    urgency: 'low',
    offlineFrom: gap.from.toISOString(),
  };
}
