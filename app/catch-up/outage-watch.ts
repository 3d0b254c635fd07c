import type { ConnectionGap } from '../history/gap-entry.js';
import type { ConnectionStatus } from '../transport/transport.js';

export type { ConnectionGap };

export interface OutageCallbacks {
  /** The first connection since start. */
  readonly onFirstConnect: () => void;
  /** Connected again after an outage (any transport, any cause, a wake from sleep included). */
  readonly onBack: (gap: ConnectionGap) => void;
}

/**
 * Follows the transport's connection status and reports each return after an outage with the
 * moment the connection was lost. Feed it every status (`core.on('connection', watch)`).
 */
export function outageWatcher(now: () => Date, callbacks: OutageCallbacks): (status: ConnectionStatus) => void {
  let connectedOnce = false;
  let connected = false;
  let lostAt: Date | undefined;
  return (status) => {
    if (status.state === 'connected') {
      if (connected) return;
      connected = true;
      if (!connectedOnce) {
        connectedOnce = true;
        callbacks.onFirstConnect();
      } else if (lostAt !== undefined) {
        const gap = { from: lostAt, to: now() };
        lostAt = undefined;
        callbacks.onBack(gap);
      }
      return;
    }
    if (status.state === 'stopped') return;
    if (connected) {
      connected = false;
      lostAt = now();
    }
  };
}
