import type { Clock } from '../util/clock.js';
import type { Logger } from '../log.js';
import { errorReason } from '../util/error-reason.js';
import { decodeJwt } from './jwt.js';
import { LoginError, type LaravelClient, type RefreshedToken } from './laravel-client.js';
import type { Session } from './session.js';

/** Refresh at this share of the token's life, minus up to JITTER_SHARE of it (desktops do not all ask at once). */
const REFRESH_AT_SHARE = 0.75;
const JITTER_SHARE = 0.05;
/** After a failed (not refused) attempt: try again after this long, or half the time left if sooner. */
const RETRY_MS = 60_000;
/** No timer closer than this: a token with a few seconds left is refreshed at once, not in a tight loop. */
const MIN_DELAY_MS = 1_000;

export type RefreshOutcome = 'refreshed' | 'refused' | 'failed' | 'skipped';

/** Why a refresh was asked; a refresh asked for a 401 is what stops a refresh/401 loop. */
export type RefreshReason = 'timer' | 'unauthorized' | 'wake';

export interface SessionRefresherDeps {
  readonly client: LaravelClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Returns a number in [0, 1) (Math.random); injected so tests know the jitter. */
  readonly random?: () => number;
  /**
   * A new token: `reason` 'unauthorized' means channels were refused with the old one and must be
   * subscribed again now; otherwise it is enough to use the new one from the next subscription on.
   */
  readonly onRefreshed: (session: Session, reason: RefreshReason) => void;
  /** Laravel refused to refresh (401/403): told once; the caller falls back to "log in again". */
  readonly onRefused: (message: string) => void;
}

/** A refreshed token's expiry: its JWT `exp`, else the answer's `expires_in` from `now` (ms). */
export function refreshedExpiry(answer: RefreshedToken, now: number): Date | undefined {
  const exp = decodeJwt(answer.token)?.expiresAt;
  if (exp !== undefined || answer.expiresInSeconds === undefined) return exp;
  return new Date(now + answer.expiresInSeconds * 1000);
}

/**
 * Keeps a tymon/jwt-auth session alive: a timer at about three quarters of the token's life (from
 * its `exp`, or the `expires_in` of the refresh answer), one attempt when a channel is refused
 * with 401, and one on wake when the timer is overdue. A token whose expiry is unknown (Sanctum)
 * is never refreshed on a timer. A refusal ends it: no loop, no hammering.
 */
export class SessionRefresher {
  private current: Session;
  private issuedAt: number;
  private cancelTimer: (() => void) | undefined;
  private inFlight: Promise<RefreshOutcome> | undefined;
  /** The token that came from a refresh asked for a 401: a 401 for it is final. */
  private tokenFromUnauthorized: string | undefined;
  private refused = false;
  private stopped = false;
  /** This timer's draw of the jitter, in [0, 1). */
  private jitter = 0;
  private readonly random: () => number;

  constructor(private readonly deps: SessionRefresherDeps, session: Session) {
    this.current = session;
    this.issuedAt = deps.clock.now().getTime();
    this.random = deps.random ?? Math.random;
  }

  get session(): Session {
    return this.current;
  }

  /** When the timer fires (ms since the epoch), or undefined without a known expiry. */
  get dueAt(): number | undefined {
    const exp = this.current.expiresAt?.getTime();
    if (exp === undefined) return undefined;
    const life = Math.max(0, exp - this.issuedAt);
    return this.issuedAt + life * (REFRESH_AT_SHARE - JITTER_SHARE * this.jitter);
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** A new session from a fresh login: refresh that one from now on. */
  adopt(session: Session): void {
    this.current = session;
    this.issuedAt = this.deps.clock.now().getTime();
    this.refused = false;
    this.tokenFromUnauthorized = undefined;
    this.schedule();
  }

  /** True when the timer is overdue (after sleep, timers fire late): refresh before resubscribing. */
  isDue(): boolean {
    const due = this.dueAt;
    return !this.refused && due !== undefined && this.deps.clock.now().getTime() >= due;
  }

  /**
   * A channel was refused with 401. True when a fresh token is on its way to the caller (via
   * onRefreshed); false when the session is over (the caller tells the user to log in again).
   */
  async afterUnauthorized(): Promise<boolean> {
    if (this.refused || this.current.token === this.tokenFromUnauthorized) return false;
    return (await this.refreshNow('unauthorized')) === 'refreshed';
  }

  /** One refresh at a time: a second call while one runs gets the same outcome. */
  refreshNow(reason: RefreshReason): Promise<RefreshOutcome> {
    if (this.refused || this.stopped) return Promise.resolve('skipped');
    this.inFlight ??= this.attempt(reason).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async attempt(reason: RefreshReason): Promise<RefreshOutcome> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const old = this.current;
    try {
      const answer = await this.deps.client.refresh(old.token);
      if (this.stopped) return 'skipped';
      const now = this.deps.clock.now().getTime();
      const expiresAt = refreshedExpiry(answer, now);
      this.current = { ...old, token: answer.token, expiresAt };
      this.issuedAt = now;
      this.tokenFromUnauthorized = reason === 'unauthorized' ? answer.token : undefined;
      this.deps.logger.log('info', `session refreshed (${reason})`, { expiresAt: expiresAt?.toISOString() ?? null });
      this.schedule();
      this.deps.onRefreshed(this.current, reason);
      return 'refreshed';
    } catch (err) {
      if (this.stopped) return 'skipped';
      if (err instanceof LoginError && err.kind === 'wrong-credentials') {
        this.refused = true;
        this.deps.logger.log('warn', 'token refresh refused', { reason: err.message });
        this.deps.onRefused(err.message);
        return 'refused';
      }
      this.deps.logger.log('warn', 'token refresh failed; will try again', { reason: errorReason(err) });
      this.scheduleRetry();
      return 'failed';
    }
  }

  private schedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.stopped || this.refused) return;
    this.jitter = this.random();
    const due = this.dueAt;
    if (due === undefined) return;
    const delay = Math.max(MIN_DELAY_MS, due - this.deps.clock.now().getTime());
    this.cancelTimer = this.deps.clock.schedule(() => void this.refreshNow('timer'), delay);
  }

  /** Laravel unreachable or erring: retry while the token lives; past its expiry the next 401 decides. */
  private scheduleRetry(): void {
    if (this.stopped) return;
    const exp = this.current.expiresAt?.getTime();
    if (exp === undefined) return;
    const left = exp - this.deps.clock.now().getTime();
    if (left <= MIN_DELAY_MS) return;
    this.cancelTimer = this.deps.clock.schedule(() => void this.refreshNow('timer'), Math.max(MIN_DELAY_MS, Math.min(RETRY_MS, left / 2)));
  }
}
