import type { Clock } from '../util/clock.js';
import type { Logger } from '../log.js';
import { errorReason } from '../util/error-reason.js';
import type { LaravelClient } from './laravel-client.js';
import type { Session } from './session.js';
import { SessionRefresher } from './session-refresher.js';

/** What keeping a session needs of the core (EchoCore), declared here so auth/ does not import core/. */
export interface SessionUser {
  useSession(session: Session): void;
  replaceSession(session: Session): void;
  reconnectNow(reason: string): void;
}

export interface KeepSessionDeps {
  readonly core: SessionUser;
  readonly client: LaravelClient;
  readonly session: Session;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
  /** Where the token lives besides memory (the desktop's safeStorage vault); failures are the callee's to log. */
  readonly store?: (session: Session) => Promise<void> | void;
}

/** The core's side of `laravel.refresh`: which token it uses, and when it resubscribes. */
export interface SessionKeeper {
  readonly refresher: SessionRefresher | undefined;
  /**
   * A channel was refused with 401: true when a refreshed token is now in use (the core resubscribes
   * with it); false when the session is over and the caller falls back to "log in again".
   */
  recover(): Promise<boolean>;
  /** A new session from a fresh login (the core already has it). */
  adopt(session: Session): void;
  /** Reconnect now (wake, network back), refreshing first when the token's refresh is overdue. */
  reconnect(reason: string): void;
  stop(): void;
}

export function keepSession(deps: KeepSessionDeps): SessionKeeper {
  const { core } = deps;
  const refresher =
    deps.client.settings.refresh === undefined
      ? undefined
      : new SessionRefresher(
          {
            client: deps.client,
            clock: deps.clock,
            logger: deps.logger,
            ...(deps.random ? { random: deps.random } : {}),
            onRefreshed: (session, reason) => {
              // A live subscription stays valid: a timer refresh only changes the next subscriptions.
              if (reason === 'timer') core.useSession(session);
              else core.replaceSession(session);
              void Promise.resolve(deps.store?.(session)).catch((err: unknown) =>
                deps.logger.log('error', 'could not store the refreshed token', { error: errorReason(err) }),
              );
            },
            // Nothing to tell yet: the current token still works; the next 401 says "log in again".
            onRefused: () => undefined,
          },
          deps.session,
        );
  refresher?.start();
  return {
    refresher,
    recover: () => refresher?.afterUnauthorized() ?? Promise.resolve(false),
    reconnect(reason) {
      if (!refresher?.isDue()) {
        core.reconnectNow(reason);
        return;
      }
      void refresher.refreshNow('wake').then((outcome) => {
        if (outcome !== 'refreshed') core.reconnectNow(reason);
      });
    },
    adopt: (session) => refresher?.adopt(session),
    stop: () => refresher?.stop(),
  };
}
