import { LaravelClient, LoginError } from '../../auth/laravel-client.js';
import { openSession, type Credentials, type Session } from '../../auth/session.js';
import type { LoginResult, SessionView } from '../../bridge/contract.js';
import { EchoCore, type EchoCoreDeps } from '../../core/echo-core.js';
import { BurstTagger } from '../../history/burst-tagger.js';
import type { HistoryStore } from '../../history/history-store.js';
import type { Logger } from '../../log.js';
import type { Profile } from '../../profile/profile.js';
import type { ConnectionStatus } from '../../transport/transport.js';
import type { TokenVault } from '../ports.js';
import type { Emit } from './controller-events.js';
import type { UserPreferences } from './user-preferences.js';

const SESSION_RETRY_MS = 30_000;

export interface SessionServiceDeps {
  readonly profile: Profile;
  readonly vault: TokenVault;
  readonly laravel: LaravelClient;
  readonly history: HistoryStore;
  readonly prefs: UserPreferences;
  readonly logger: Logger;
  readonly coreFactory: (deps: EchoCoreDeps) => EchoCore;
  /** The channel list changed (subscribed, confirmed, members, logged out). */
  readonly channelsChanged: () => void;
}

/**
 * The session state machine (logged-out → logging-in → logged-in / expired) and the core it runs:
 * login, logout, restoring a stored token, and retrying while the server cannot be reached.
 */
export class SessionService {
  private core: EchoCore | undefined;
  private session: SessionView;
  private connection: ConnectionStatus;
  private retryTimer: NodeJS.Timeout | undefined;

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
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.stopCore();
  }

  /** Sleep/resume or a network change: reconnect now instead of waiting for a timeout. */
  reconnectNow(reason: string): void {
    this.core?.reconnectNow(reason);
  }

  async login(email: string, password: string): Promise<LoginResult> {
    if (!email.includes('@') || password === '') {
      return { ok: false, kind: 'invalid-input', message: 'Enter your email address and password.' };
    }
    this.setSession(this.sessionView('logging-in', { email, message: null }));
    try {
      const session = await openSession(this.deps.laravel, { email, password });
      await this.deps.vault.save({ token: session.token, email });
      this.startCore(session, email);
      return { ok: true, session: this.session };
    } catch (err) {
      const message = err instanceof LoginError ? err.message : `login failed: ${err instanceof Error ? err.message : String(err)}`;
      this.setSession(this.sessionView('logged-out', { email, message }));
      return { ok: false, kind: err instanceof LoginError ? err.kind : 'server-error', message };
    }
  }

  async logout(): Promise<SessionView> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.stopCore();
    await this.deps.vault.clear();
    this.setConnection({ state: 'offline', transport: this.deps.profile.connection.broadcaster, reason: 'logged out' });
    this.setSession(this.sessionView('logged-out', { message: null }));
    this.switchPreferences(null, null);
    this.deps.channelsChanged();
    return this.session;
  }

  private async resume(credentials: Credentials, email: string | null): Promise<void> {
    try {
      const session = await openSession(this.deps.laravel, credentials);
      this.startCore(session, email);
    } catch (err) {
      if (err instanceof LoginError && err.kind === 'unreachable') {
        this.setSession(this.sessionView('logging-in', { email, message: `${err.message}; trying again in ${SESSION_RETRY_MS / 1000} s` }));
        this.retryTimer = setTimeout(() => void this.resume(credentials, email), SESSION_RETRY_MS);
        this.retryTimer.unref();
        return;
      }
      await this.deps.vault.clear();
      const message = err instanceof LoginError ? err.message : String(err);
      this.setSession(this.sessionView('expired', { email, message: `Your session ended: ${message}` }));
    }
  }

  private startCore(session: Session, email: string | null): void {
    void this.stopCore();
    const { profile, history, prefs, logger, laravel } = this.deps;
    const core = this.deps.coreFactory({ profile, session, laravel, logger });
    this.core = core;
    const switched = prefs.switchUser(session.userId, email);
    for (const muted of prefs.current.mutedChannels) core.setMuted(muted, true);
    for (const entry of history.list({ limit: 1000 }).items) if (entry.type !== undefined) core.rememberNotificationId(entry.id);
    core.on('connection', (s) => this.setConnection(s));
    core.on('channel', () => this.deps.channelsChanged());
    core.on('presence', () => this.deps.channelsChanged());
    core.on('session-expired', () => {
      this.setSession(this.sessionView('expired', { email, message: 'Your session expired: log in again to receive private channels.' }));
    });
    const bursts = new BurstTagger(() => prefs.current.settings.coalesce);
    core.on('notification', (delivery) => {
      const notification = bursts.tag(delivery.notification);
      history.append(notification);
      this.emit('delivery', { ...delivery, notification });
    });
    this.setSession({
      ...this.sessionView('logged-in', { email, message: null }),
      userId: session.userId,
      userName: session.user?.name ?? null,
      expiresAt: session.expiresAt?.toISOString() ?? null,
    });
    if (switched) this.emit('push:settings', prefs.current.settings);
    core.start();
    for (const template of prefs.current.addedChannels) core.addChannel(template);
    this.deps.channelsChanged();
  }

  /**
   * Each user has their own preferences: after a switch the settings push follows the session push,
   * which carries the new `userId` (the window resets its views when that changes).
   */
  private switchPreferences(userId: string | null, email: string | null): void {
    if (this.deps.prefs.switchUser(userId, email)) this.emit('push:settings', this.deps.prefs.current.settings);
  }

  private async stopCore(): Promise<void> {
    const core = this.core;
    this.core = undefined;
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
