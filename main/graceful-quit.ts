import type { Clock } from '../app/util/clock.js';
import type { Logger } from '../app/log.js';
import type { AppPort } from './electron-ports.js';
import { errorMessage } from '../app/util/error-reason.js';

export interface GracefulQuitDeps {
  readonly app: Pick<AppPort, 'on' | 'quit'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Flushes the history, closes the connection… */
  readonly shutdown: () => Promise<void>;
  /** Runs at once on every quit request (e.g. let the window really close). */
  readonly onQuitRequested: () => void;
  readonly graceMs: number;
}

/**
 * The first quit is held back until `shutdown` has finished (or `graceMs` passed, so a hung
 * connection cannot keep the app alive), then the app quits for real.
 */
export function quitGracefully(deps: GracefulQuitDeps): void {
  let readyToExit = false;
  let pending = false;
  deps.app.on('before-quit', (event) => {
    deps.onQuitRequested();
    if (readyToExit) return;
    event.preventDefault();
    if (pending) return;
    pending = true;
    let cancel: () => void = () => undefined;
    const grace = new Promise<void>((resolve) => {
      cancel = deps.clock.schedule(resolve, deps.graceMs);
    });
    const done = deps.shutdown().catch((err: unknown) => deps.logger.log('error', 'shutdown failed', { error: errorMessage(err) }));
    void Promise.race([done, grace]).then(() => {
      cancel();
      readyToExit = true;
      deps.app.quit();
    });
  });
}
