import { LaravelClient, LoginError } from '../auth/laravel-client.js';
import { openSession, type Credentials, type Session } from '../auth/session.js';
import type {
  AppState,
  ChannelResult,
  ChannelView,
  HistoryEntry,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  LoginResult,
  OpenResult,
  ProfileView,
  PushMap,
  SessionView,
  Settings,
  SettingsPatch,
} from '../bridge/contract.js';
import { EchoCore, type Delivery, type EchoCoreDeps } from '../core/echo-core.js';
import type { HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import { expandChannel } from '../pipeline/channel-pattern.js';
import type { Profile } from '../profile/profile.js';
import { redactUrl } from '../transport/redis-transport.js';
import type { ConnectionStatus } from '../transport/transport.js';
import { TypedEmitter } from '../util/typed-emitter.js';
import type { Preferences, PreferencesStore, TokenVault, UrlOpener } from './ports.js';
import { applySettingsPatch, SettingsError } from './settings.js';
import { checkOpenableUrl } from './url-policy.js';

export interface AppControllerDeps {
  readonly profile: Profile;
  /** IT locked the server settings. */
  readonly locked: boolean;
  readonly vault: TokenVault;
  readonly preferences: PreferencesStore;
  readonly history: HistoryStore;
  readonly logger: Logger;
  readonly opener: UrlOpener;
  readonly laravel?: LaravelClient;
  readonly coreFactory?: (deps: EchoCoreDeps) => EchoCore;
}

export type ControllerEvents = PushMap & {
  /** Every mapped notification, for the OS notifier (which applies mute, quiet hours, coalescing). */
  delivery: [Delivery];
};

const CHANNEL_NAME = /^(private-|presence-)?[A-Za-z0-9_\-=@,.;{}]+$/;
const SESSION_RETRY_MS = 30_000;

/**
 * Everything the window can ask for and everything it is told, as plain code: the Electron main
 * process and the preview server both host this object and only carry its calls and pushes.
 */
export class AppController extends TypedEmitter<ControllerEvents> {
  private readonly laravel: LaravelClient;
  private core: EchoCore | undefined;
  private session: SessionView;
  private prefs: Preferences;
  private connection: ConnectionStatus;
  private pendingAdded: HistoryEntry[] = [];
  private flushScheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribeHistory: () => void;

  constructor(private readonly deps: AppControllerDeps) {
    super((event, err) => deps.logger.log('error', 'a listener failed', { event, error: err instanceof Error ? err.message : String(err) }));
    this.laravel = deps.laravel ?? new LaravelClient(deps.profile.laravel);
    this.prefs = deps.preferences.load();
    this.session = this.sessionView('logged-out', { message: null });
    this.connection = { state: 'offline', transport: deps.profile.connection.broadcaster, reason: 'not logged in' };
    this.unsubscribeHistory = deps.history.onChange((change) => {
      if (change.kind === 'added') {
        this.pendingAdded.push(change.entry);
        this.scheduleHistoryPush();
      } else if (change.kind === 'read') {
        this.emit('push:history', { kind: 'read', ids: change.ids, unread: deps.history.unreadCount() });
      } else {
        this.emit('push:history', { kind: 'reloaded', unread: deps.history.unreadCount() });
      }
    });
  }

  /** Restores a stored session, if any. */
  async start(): Promise<void> {
    const stored = await this.deps.vault.load().catch((err: unknown) => {
      this.deps.logger.log('error', 'could not read the stored token', { error: String(err) });
      return undefined;
    });
    if (stored) await this.resume({ token: stored.token }, stored.email);
  }

  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.unsubscribeHistory();
    await this.stopCore();
  }

  /** The IPC entry point: arguments already validated by validateInvokeArgs. */
  async handle<K extends InvokeChannel>(channel: K, args: InvokeArgs<K>): Promise<InvokeResult<K>> {
    const result = await this.dispatch(channel, args as readonly unknown[]);
    return result as InvokeResult<K>;
  }

  private async dispatch(channel: InvokeChannel, a: readonly unknown[]): Promise<unknown> {
    const str = (i: number): string => String(a[i]);
    switch (channel) {
      case 'app:state':
        return this.state();
      case 'session:login':
        return this.login(str(0), str(1));
      case 'session:logout':
        return this.logout();
      case 'history:list':
        return this.deps.history.list(a[0] as InvokeArgs<'history:list'>[0]);
      case 'history:mark-read':
        return this.deps.history.markRead(a[0] as readonly string[]);
      case 'history:mark-all-read':
        return this.deps.history.markAllRead();
      case 'history:open':
        return this.open(str(0));
      case 'channels:add':
        return this.addChannel(str(0));
      case 'channels:remove':
        return this.removeChannel(str(0));
      case 'channels:mute':
        return this.mute(str(0), a[1] === true);
      case 'settings:update':
        return this.updateSettings(a[0] as SettingsPatch);
    }
  }

  state(): AppState {
    return {
      profile: this.profileView(),
      session: this.session,
      connection: this.connection,
      channels: this.channelViews(),
      settings: this.prefs.settings,
      unread: this.deps.history.unreadCount(),
    };
  }

  get settings(): Settings {
    return this.prefs.settings;
  }

  get connectionStatus(): ConnectionStatus {
    return this.connection;
  }

  get sessionState(): SessionView {
    return this.session;
  }

  /** Newest entries, for the tray menu. */
  recent(count: number): readonly HistoryEntry[] {
    return this.deps.history.list({ limit: count }).items;
  }

  unreadCount(): number {
    return this.deps.history.unreadCount();
  }

  /** Sleep/resume or a network change: reconnect now instead of waiting for a timeout. */
  reconnectNow(reason: string): void {
    this.core?.reconnectNow(reason);
  }

  async login(email: string, password: string): Promise<LoginResult> {
    if (!email.includes('@') || password === '') return { ok: false, kind: 'invalid-input', message: 'Enter your email address and password.' };
    this.setSession(this.sessionView('logging-in', { email, message: null }));
    try {
      const session = await openSession(this.laravel, { email, password });
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
    this.emit('push:channels', this.channelViews());
    return this.session;
  }

  async open(id: string): Promise<OpenResult> {
    const entry = this.deps.history.get(id);
    if (!entry) return { opened: false, reason: 'this notification is no longer in the history' };
    this.deps.history.markRead([id]);
    const verdict = checkOpenableUrl(entry.url, [this.deps.profile.laravel.url, ...this.deps.profile.allowedOrigins]);
    if (!verdict.ok) {
      this.deps.logger.log('warn', 'link not opened', { id, reason: verdict.reason });
      this.emit('push:show-item', id);
      return { opened: false, reason: verdict.reason };
    }
    await this.deps.opener.open(verdict.url);
    return { opened: true, url: verdict.url };
  }

  addChannel(name: string): ChannelResult {
    const template = name.trim();
    if (!CHANNEL_NAME.test(template)) return { ok: false, message: 'A channel name uses letters, digits and _-=@,.; and may start with private- or presence-.' };
    if (template.startsWith('private-encrypted-')) return { ok: false, message: 'Encrypted channels are not supported.' };
    const userId = this.session.userId;
    const existing = this.channelTemplates().map((t) => (userId === null ? t : expandChannel(t, userId)));
    if (existing.includes(userId === null ? template : expandChannel(template, userId))) return { ok: false, message: 'You already receive this channel.' };
    this.savePrefs({ ...this.prefs, addedChannels: [...this.prefs.addedChannels, template] });
    this.core?.addChannel(template);
    const channels = this.channelViews();
    this.emit('push:channels', channels);
    return { ok: true, channels };
  }

  removeChannel(channel: string): ChannelResult {
    const userId = this.session.userId ?? '';
    const template = this.prefs.addedChannels.find((t) => t === channel || expandChannel(t, userId) === channel);
    if (template === undefined) {
      const fromProfile = this.deps.profile.channels.some((t) => t === channel || expandChannel(t, userId) === channel);
      return { ok: false, message: fromProfile ? 'This channel comes from your company\'s profile: mute it instead.' : 'No such channel.' };
    }
    this.savePrefs({ ...this.prefs, addedChannels: this.prefs.addedChannels.filter((t) => t !== template) });
    this.core?.removeChannel(expandChannel(template, userId));
    const channels = this.channelViews();
    this.emit('push:channels', channels);
    return { ok: true, channels };
  }

  mute(channel: string, muted: boolean): ChannelResult {
    const others = this.prefs.mutedChannels.filter((c) => c !== channel);
    this.savePrefs({ ...this.prefs, mutedChannels: muted ? [...others, channel] : others });
    this.core?.setMuted(channel, muted);
    const channels = this.channelViews();
    this.emit('push:channels', channels);
    return { ok: true, channels };
  }

  updateSettings(patch: SettingsPatch): Settings {
    let next: Settings;
    try {
      next = applySettingsPatch(this.prefs.settings, patch);
    } catch (err) {
      if (err instanceof SettingsError) throw err;
      throw new SettingsError(String(err));
    }
    this.savePrefs({ ...this.prefs, settings: next });
    this.emit('push:settings', next);
    return next;
  }

  private async resume(credentials: Credentials, email: string | null): Promise<void> {
    try {
      const session = await openSession(this.laravel, credentials);
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
    const factory = this.deps.coreFactory ?? ((d: EchoCoreDeps) => new EchoCore(d));
    const core = factory({ profile: this.deps.profile, session, laravel: this.laravel, logger: this.deps.logger });
    this.core = core;
    for (const muted of this.prefs.mutedChannels) core.setMuted(muted, true);
    for (const entry of this.deps.history.list({ limit: 1000 }).items) if (entry.type !== undefined) core.rememberNotificationId(entry.id);
    core.on('connection', (s) => this.setConnection(s));
    core.on('channel', () => this.emit('push:channels', this.channelViews()));
    core.on('presence', () => this.emit('push:channels', this.channelViews()));
    core.on('session-expired', () => {
      this.setSession(this.sessionView('expired', { email, message: 'Your session expired: log in again to receive private channels.' }));
    });
    core.on('notification', (delivery) => {
      // The OS notification first; the history's line is queued after it and written in batches.
      this.emit('delivery', delivery);
      this.deps.history.append(delivery.notification);
    });
    this.setSession({
      ...this.sessionView('logged-in', { email, message: null }),
      userId: session.userId,
      userName: session.user?.name ?? null,
      expiresAt: session.expiresAt?.toISOString() ?? null,
    });
    core.start();
    for (const template of this.prefs.addedChannels) core.addChannel(template);
    this.emit('push:channels', this.channelViews());
  }

  private async stopCore(): Promise<void> {
    const core = this.core;
    this.core = undefined;
    await core?.stop();
  }

  private channelTemplates(): string[] {
    return [...this.deps.profile.channels, ...this.prefs.addedChannels];
  }

  private channelViews(): ChannelView[] {
    const core = this.core;
    if (!core) return [];
    const userId = core.userId;
    const fromProfile = new Set(this.deps.profile.channels.map((t) => expandChannel(t, userId)));
    return core.channels().map((status) => ({
      ...status,
      muted: core.isMuted(status.channel),
      source: fromProfile.has(status.channel) ? 'profile' : 'user',
      kind: status.channel.startsWith('presence-') ? 'presence' : status.channel.startsWith('private-') ? 'private' : 'public',
      members: core.presence(status.channel),
    }));
  }

  private profileView(): ProfileView {
    const p = this.deps.profile;
    const server = p.connection.broadcaster === 'redis' ? redactUrl(p.connection.url) : p.connection.host;
    return { name: p.name, laravelUrl: p.laravel.url, broadcaster: p.connection.broadcaster, server, locked: this.deps.locked };
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
    this.session = keepUser ? { ...view, userId: view.userId ?? this.session.userId, userName: view.userName ?? this.session.userName } : view;
    this.emit('push:session', this.session);
  }

  private setConnection(status: ConnectionStatus): void {
    this.connection = status;
    this.emit('push:connection', status);
  }

  private savePrefs(next: Preferences): void {
    this.prefs = next;
    try {
      this.deps.preferences.save(next);
    } catch (err) {
      this.deps.logger.log('error', 'could not save preferences', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** A burst of 50,000 events is one push per tick, not 50,000 IPC messages. */
  private scheduleHistoryPush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const entries = this.pendingAdded;
      this.pendingAdded = [];
      const unread = this.deps.history.unreadCount();
      if (entries.length > 500) this.emit('push:history', { kind: 'reloaded', unread });
      else if (entries.length > 0) this.emit('push:history', { kind: 'added', entries, unread });
    });
  }
}
