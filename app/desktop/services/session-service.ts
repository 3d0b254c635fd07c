import { keepSession, type SessionKeeper } from '../../auth/keep-session.js';
import { LoginError, type LaravelClient } from '../../auth/laravel-client.js';
import { openSession, type Credentials, type Session } from '../../auth/session.js';
import type { HistoryEntry, LoginResult, LogoutOptions, SessionView } from '../../bridge/contract.js';
import { markReadInLaravel } from '../../catch-up/mark-read.js';
import { newestEntryTime, watchMissedNotifications, type MissedNotifications } from '../../catch-up/missed-notifications.js';
import type { EchoCore, EchoCoreDeps } from '../../core/echo-core.js';
import { gapEntry } from '../../history/gap-entry.js';
import type { Translator } from '../../i18n/index.js';
import { BurstTagger } from '../../history/burst-tagger.js';
import type { Logger } from '../../log.js';
import type { Profile } from '../../profile/profile.js';
import type { ConnectionStatus } from '../../transport/transport.js';
import type { Clock } from '../../util/clock.js';
import type { TokenVault } from '../ports.js';
import type { ControllerHistory } from './controller-history.js';
import type { Emit } from './controller-events.js';
import type { UserPreferences } from './user-preferences.js';
import { errorMessage } from '../../util/error-reason.js';

const SESSION_RETRY_MS = 30_000;

export interface SessionServiceDeps {
  readonly profile: Profile;
  readonly vault: TokenVault;
  readonly laravel: LaravelClient;
  readonly history: ControllerHistory;
  readonly prefs: UserPreferences;
  readonly logger: Logger;
  readonly coreFactory: (deps: EchoCoreDeps) => EchoCore;
  /** The channel list changed (subscribed, confirmed, members, logged out). */
  readonly channelsChanged: () => void;
  /** The app's language now (it may change at any time). */
  readonly translator: () => Translator;
  /** Timers of the token refresh. */
  readonly clock: Clock;
  /** Jitter of the token refresh, in [0, 1). */
  readonly random?: () => number;
}

/**
 * The session state machine (logged-out → logging-in → logged-in / expired) and the core it runs:
 * login, logout, restoring a stored token, and retrying while the server cannot be reached.
 */
export class SessionService {
  private core: EchoCore | undefined;
  private session: SessionView;
  private connection: ConnectionStatus;
  private cancelRetry: (() => void) | undefined;
  private keeper: SessionKeeper | undefined;
  private missed: MissedNotifications | undefined;

  constructor(private readonly deps: SessionServiceDeps, private readonly emit: Emit) {
    this.session = this.sessionView('logged-out', { message: null });
    this.connection = { state: 'offline', transport: deps.profile.connection.broadcaster, reason: 'not logged in' };
  }

  get view(): SessionView {
    return this.session;
  }

  get connectionStatus(): ConnectionStatus {
    return this.connection;
  }

  get activeCore(): EchoCore | undefined {
    return this.core;
  }

  /** Restores a stored session, if any. */
  async start(): Promise<void> {
    const stored = await this.deps.vault.load().catch((err: unknown) => {
      this.deps.logger.log('error', 'could not read the stored token', { error: String(err) });
      return undefined;
    });
    if (stored) {
      this.deps.prefs.expectOwner(stored.email);
      await this.resume({ token: stored.token }, stored.email);
    }
  }

  async stop(): Promise<void> {
    this.stopRetrying();
    await this.stopCore();
  }

  /** Sleep/resume or a network change: reconnect now instead of waiting for a timeout. */
  reconnectNow(reason: string): void {
    // After sleep the refresh timer is overdue: refresh before the channels are authorized again.
    if (this.core) this.keeper?.reconnect(reason);
  }

  /** Tells Laravel (`laravel.markRead`) that these Laravel notifications were read here. */
  readInLaravel(entries: readonly HistoryEntry[]): void {
    const core = this.core;
    if (core) void markReadInLaravel(this.deps.laravel, core.token, entries, this.deps.logger);
  }

  async login(email: string, password: string): Promise<LoginResult> {
    if (!email.includes('@') || password === '') {
      return { ok: false, kind: 'invalid-input', message: this.deps.translator().t('login.enterBoth') };
    }
    // A stored token still waiting to be retried must not replace the session logged in now.
    this.stopRetrying();
    this.setSession(this.sessionView('logging-in', { email, message: null }));
    try {
      const session = await openSession(this.deps.laravel, { email, password });
      await this.deps.vault.save({ token: session.token, email });
      await this.deps.history.useUser?.(session.userId);
      this.startCore(session, email);
      return { ok: true, session: this.session };
    } catch (err) {
      const reason = errorMessage(err);
      const message = err instanceof LoginError ? err.message : this.deps.translator().t('login.failedBecause', { reason });
      this.setSession(this.sessionView('logged-out', { email, message }));
      return { ok: false, kind: err instanceof LoginError ? err.kind : 'server-error', message };
    }
  }

  async logout(options: LogoutOptions = {}): Promise<SessionView> {
    const userId = this.core?.userId ?? this.session.userId;
    this.stopRetrying();
    await this.stopCore();
    await this.deps.vault.clear();
    // Logged out, nobody's history is shown; "forget this computer" also deletes this user's.
    await this.deps.history.useUser?.(null);
    if (options.forget === true && userId !== null) await this.deps.history.forget?.(userId);
    this.setConnection({ state: 'offline', transport: this.deps.profile.connection.broadcaster, reason: 'logged out' });
    this.setSession(this.sessionView('logged-out', { message: null }));
    this.switchPreferences(null, null);
    this.deps.channelsChanged();
    return this.session;
  }

  private async resume(credentials: Credentials, email: string | null): Promise<void> {
    try {
      const session = await openSession(this.deps.laravel, credentials);
      // The stored token is the session the app last held: a per-profile history from before is its user's.
      await this.deps.history.useUser?.(session.userId, session.userId);
      this.startCore(session, email);
    } catch (err) {
      if (err instanceof LoginError && err.kind === 'unreachable') {
        const message = this.deps.translator().t('session.retrying', { reason: err.message, count: SESSION_RETRY_MS / 1000 });
        this.setSession(this.sessionView('logging-in', { email, message }));
        this.cancelRetry = this.deps.clock.schedule(() => void this.resume(credentials, email), SESSION_RETRY_MS);
        return;
      }
      await this.deps.vault.clear();
      const message = err instanceof LoginError ? err.message : String(err);
      this.setSession(this.sessionView('expired', { email, message: this.deps.translator().t('session.ended', { reason: message }) }));
    }
  }

  private startCore(session: Session, email: string | null): void {
    void this.stopCore();
    const { profile, history, prefs, logger, laravel } = this.deps;
    const core = this.deps.coreFactory({ profile, session, laravel, logger });
    this.core = core;
    const switched = prefs.switchUser(session.userId, email);
    for (const muted of prefs.current.mutedChannels) core.setMuted(muted, true);
    for (const entry of history.list({ limit: 1000 }).items) {
      if (entry.type !== undefined) core.rememberNotificationId(entry.id, entry.channel);
    }
    core.on('connection', (s) => this.setConnection(s));
    core.on('channel', () => this.deps.channelsChanged());
    core.on('presence', () => this.deps.channelsChanged());
    const keeper = keepSession({
      core,
      client: laravel,
      session,
      clock: this.deps.clock,
      logger,
      ...(this.deps.random ? { random: this.deps.random } : {}),
      store: (fresh) => this.deps.vault.save({ token: fresh.token, email }),
    });
    this.keeper = keeper;
    core.on('session-expired', () => {
      const expired = (): void => {
        this.setSession(this.sessionView('expired', { email, message: this.deps.translator().t('session.expired') }));
      };
      // Without laravel.refresh the user is told at once, as before.
      if (!keeper.refresher) return expired();
      void keeper.recover().then((refreshed) => {
        if (!refreshed && this.core === core) expired();
      });
    });
    const bursts = new BurstTagger(() => prefs.current.settings.coalesce);
    core.on('notification', (delivery) => {
      const notification = bursts.tag(delivery.notification);
      history.append(notification, delivery.alreadyRead === true);
      // Missed ones reach the OS notifier together ('missed'), as one notice.
      if (delivery.missed !== true) this.emit('delivery', { ...delivery, notification });
    });
    this.missed = watchMissedNotifications({
      core,
      client: laravel,
      logger,
      path: profile.laravel.notifications,
      isKnown: (id) => history.get(id) !== undefined,
      startSince: newestEntryTime(history),
      onMissed: (deliveries) => this.emit('missed', deliveries),
      onGap: (gap) => history.append(gapEntry(gap), true),
    });
    this.setSession({
      ...this.sessionView('logged-in', { email, message: null }),
      userId: session.userId,
      userName: session.user?.name ?? null,
      expiresAt: session.expiresAt?.toISOString() ?? null,
    });
    if (session.user === undefined) void this.lookUpUser(session, core);
    if (switched) this.emit('push:settings', prefs.current.settings);
    core.start();
    for (const template of prefs.current.addedChannels) core.addChannel(template);
    this.deps.channelsChanged();
  }

  /** A token login knows the user id from the JWT only: ask laravel.me for the name and email the header shows. */
  private async lookUpUser(session: Session, core: EchoCore): Promise<void> {
    try {
      const user = await this.deps.laravel.me(session.token);
      if (this.core !== core || this.session.state !== 'logged-in') return;
      this.setSession({ ...this.session, userName: user.name ?? this.session.userName, email: this.session.email ?? user.email ?? null });
    } catch (err) {
      this.deps.logger.log('debug', 'could not look up the user\'s name', { error: errorMessage(err) });
    }
  }

  /**
   * Each user has their own preferences: after a switch the settings push follows the session push,
   * which carries the new `userId` (the window resets its views when that changes).
   */
  private switchPreferences(userId: string | null, email: string | null): void {
    if (this.deps.prefs.switchUser(userId, email)) this.emit('push:settings', this.deps.prefs.current.settings);
  }

  private stopRetrying(): void {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
  }

  private async stopCore(): Promise<void> {
    const core = this.core;
    this.core = undefined;
    this.keeper?.stop();
    this.keeper = undefined;
    this.missed?.stop();
    this.missed = undefined;
    await core?.stop();
  }

  private sessionView(state: SessionView['state'], extra: { email?: string | null; message: string | null }): SessionView {
    return {
      state,
      email: extra.email ?? null,
      userId: null,
      userName: null,
      expiresAt: null,
      message: extra.message,
      tokenStorage: this.deps.vault.storage,
    };
  }

  private setSession(view: SessionView): void {
    const keepUser = view.state === 'expired' || view.state === 'logging-in';
    const { userId, userName } = this.session;
    this.session = keepUser ? { ...view, userId: view.userId ?? userId, userName: view.userName ?? userName } : view;
    this.emit('push:session', this.session);
  }

  private setConnection(status: ConnectionStatus): void {
    this.connection = status;
    this.emit('push:connection', status);
  }
}
