import type { Clock } from '../app/util/clock.js';
import type { Logger } from '../app/log.js';
import type { NetPort, PowerMonitorPort } from './electron-ports.js';

export interface ConnectivityDeps {
  readonly powerMonitor: PowerMonitorPort;
  readonly net: NetPort;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The controller's reconnectNow. */
  readonly reconnect: (reason: string) => void;
  readonly isConnected: () => boolean;
  /** After a wake-up (the wall clock jumped: quiet hours may have started or ended). */
  readonly onWake: () => void;
  /** How often the network state is polled (Electron's main process has no online event). */
  readonly pollMs: number;
}

/**
 * Sleep, screen unlock and network changes force a reconnect now instead of waiting for a socket
 * timeout. A screen unlock with a healthy link does not: Redis pub/sub has no replay, so dropping
 * a good connection would lose the events published meanwhile.
 */
export function watchConnectivity(deps: ConnectivityDeps): () => void {
  let stopped = false;
  deps.powerMonitor.on('suspend', () => {
    if (!stopped) deps.logger.log('info', 'the computer is going to sleep');
  });
  deps.powerMonitor.on('resume', () => {
    if (stopped) return;
    deps.reconnect('the computer woke from sleep');
    deps.onWake();
  });
  deps.powerMonitor.on('unlock-screen', () => {
    if (stopped) return;
    deps.onWake();
    if (!deps.isConnected()) deps.reconnect('the screen was unlocked while offline');
  });
  let online = deps.net.isOnline();
  let cancel: () => void = () => undefined;
  const poll = (): void => {
    if (stopped) return;
    const now = deps.net.isOnline();
    if (now !== online) {
      online = now;
      // Offline too: a dead socket can look connected for minutes; reconnecting shows "offline" now.
      deps.reconnect(now ? 'the network is back' : 'the network went away');
    }
    cancel = deps.clock.schedule(poll, deps.pollMs);
  };
  cancel = deps.clock.schedule(poll, deps.pollMs);
  return () => {
    stopped = true;
    cancel();
  };
}
