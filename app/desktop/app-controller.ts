import { LaravelClient } from '../auth/laravel-client.js';
import type {
  AppState,
  HistoryEntry,
  InvokeArgs,
  InvokeChannel,
  InvokeHandlers,
  InvokeResult,
  LoginResult,
  OpenResult,
  ProfileView,
  SessionView,
  Settings,
  SettingsPatch,
} from '../bridge/contract.js';
import { EchoCore, type EchoCoreDeps } from '../core/echo-core.js';
import { channelDisplayName, localeFor, translatorFor, type Locale, type Translator } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Profile } from '../profile/profile.js';
import { redactUrl } from '../util/redact-url.js';
import type { ConnectionStatus } from '../transport/transport.js';
import { TypedEmitter } from '../util/typed-emitter.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { PreferencesStore, TokenVault, UrlOpener } from './ports.js';
import { ChannelService } from './services/channel-service.js';
import type { ControllerEvents, Emit } from './services/controller-events.js';
import type { ControllerHistory } from './services/controller-history.js';
import { HistoryService } from './services/history-service.js';
import { LinkService } from './services/link-service.js';
import { QuietService } from './services/quiet-service.js';
import { SessionService } from './services/session-service.js';
import { SettingsService } from './services/settings-service.js';
import { UserPreferences } from './services/user-preferences.js';
import { errorMessage } from '../util/error-reason.js';

export type { ControllerEvents } from './services/controller-events.js';
export type { ControllerHistory } from './services/controller-history.js';

export interface AppControllerDeps {
  readonly profile: Profile;
  /** IT locked the server settings. */
  readonly locked: boolean;
  readonly vault: TokenVault;
  readonly preferences: PreferencesStore;
  /** A UserHistory keeps each user's apart (the desktop app, the preview); a plain store is shared. */
  readonly history: ControllerHistory;
  readonly logger: Logger;
  readonly opener: UrlOpener;
  readonly laravel?: LaravelClient;
  readonly coreFactory?: (deps: EchoCoreDeps) => EchoCore;
  /** The host's preferred languages, for the `system` language (Electron's); null = the browser decides (preview). */
  readonly systemLanguages?: () => readonly string[] | null;
  /** Timers of the token refresh, quiet hours and pauses (tests drive it); default: the system clock. */
  readonly clock?: Clock;
  /** Jitter of the token refresh, in [0, 1); default Math.random. */
  readonly random?: () => number;
}

/**
 * Everything the window can ask for and everything it is told, as plain code: the Electron main
 * process and the preview server both host this object and only carry its calls and pushes.
 * The work is done by small services; `handlers` maps every channel of the contract table to one.
 */
export class AppController extends TypedEmitter<ControllerEvents> {
  readonly handlers: InvokeHandlers;
  private readonly session: SessionService;
  private readonly channels: ChannelService;
  private readonly settingsService: SettingsService;
  private readonly history: HistoryService;
  private readonly links: LinkService;
  private readonly quiet: QuietService;

  constructor(private readonly deps: AppControllerDeps) {
    super((event, err) => {
      deps.logger.log('error', 'a listener failed', { event, error: errorMessage(err) });
    });
    const emit: Emit = (event, ...args) => this.emit(event, ...args);
    const prefs = new UserPreferences(deps.preferences, deps.logger);
    const translator = (): Translator => this.translator;
    this.history = new HistoryService(deps.history, emit, (entries) => this.session.readInLaravel(entries));
    this.session = new SessionService(
      {
        profile: deps.profile,
        vault: deps.vault,
        laravel: deps.laravel ?? new LaravelClient(deps.profile.laravel),
        history: deps.history,
        prefs,
        logger: deps.logger,
        coreFactory: deps.coreFactory ?? ((d: EchoCoreDeps) => new EchoCore(d)),
        channelsChanged: () => this.channels.pushViews(),
        translator,
        clock: deps.clock ?? systemClock,
        ...(deps.random ? { random: deps.random } : {}),
      },
      emit,
    );
    this.channels = new ChannelService(
      { profile: deps.profile, prefs, core: () => this.session.activeCore, userId: () => this.session.view.userId, translator },
      emit,
    );
    this.settingsService = new SettingsService(prefs, emit);
    this.links = new LinkService({ ...deps, translator, markRead: (ids) => this.history.markRead(ids) }, emit);
    this.quiet = new QuietService(deps.clock ?? systemClock, () => this.settingsService.current, emit);
    // Settings change by the window, the tray menu (pause) or a user switch: all come through this push.
    this.on('push:settings', () => this.quiet.refresh());
    this.handlers = {
      'app:state': () => this.state(),
      'session:login': (email, password) => this.session.login(email, password),
      'session:logout': (options) => this.session.logout(options),
      'history:list': (query) => this.history.list(query),
      'history:mark-read': (ids) => this.history.markRead(ids),
      'history:mark-all-read': () => this.history.markAllRead(),
      'history:mark-matching': (query) => this.history.markMatching(query),
      'history:mark-unread': (ids) => this.history.markUnread(ids),
      'history:open': (id) => this.links.open(id),
      'channels:add': (name) => this.channels.add(name),
      'channels:remove': (channel) => this.channels.remove(channel),
      'channels:mute': (channel, muted) => this.channels.mute(channel, muted),
      'channels:hide': (channel, hidden) => this.channels.hide(channel, hidden),
      'settings:update': (patch) => this.settingsService.update(patch),
      'connection:retry': () => this.reconnectNow('retry from the window'),
    };
  }

  /** Restores a stored session, if any. */
  start(): Promise<void> {
    return this.session.start();
  }

  async stop(): Promise<void> {
    this.history.stop();
    this.quiet.stop();
    await this.session.stop();
  }

  /** The IPC entry point: arguments already validated by validateInvokeArgs. */
  async handle<K extends InvokeChannel>(channel: K, args: InvokeArgs<K>): Promise<InvokeResult<K>> {
    const handler: InvokeHandlers[K] = this.handlers[channel];
    return handler(...args);
  }

  state(): AppState {
    return {
      profile: this.profileView(),
      session: this.session.view,
      connection: this.session.connectionStatus,
      channels: this.channels.views(),
      settings: this.settingsService.current,
      unread: this.history.unreadCount(),
      systemLanguages: this.systemLanguages(),
      quiet: this.quiet.view,
    };
  }

  /** The language the app speaks now (the window may follow its browser instead when systemLanguages is null). */
  get locale(): Locale {
    return localeFor(this.settingsService.current.language, this.systemLanguages() ?? []);
  }

  get translator(): Translator {
    return translatorFor(this.locale);
  }

  /** The name staff read for a channel: its profile label in the current language, else a built-in name. */
  channelName(channel: string): string {
    const userId = this.session.activeCore?.userId ?? this.session.view.userId ?? '';
    return channelDisplayName(channel, this.channels.labelOf(channel, userId), this.translator);
  }

  private systemLanguages(): readonly string[] | null {
    return this.deps.systemLanguages?.() ?? null;
  }

  get settings(): Settings {
    return this.settingsService.current;
  }

  get connectionStatus(): ConnectionStatus {
    return this.session.connectionStatus;
  }

  get sessionState(): SessionView {
    return this.session.view;
  }

  /** Newest entries, for the tray menu. */
  recent(count: number): readonly HistoryEntry[] {
    return this.history.recent(count);
  }

  unreadCount(): number {
    return this.history.unreadCount();
  }

  /** Sleep/resume or a network change: reconnect now instead of waiting for a timeout. */
  reconnectNow(reason: string): void {
    this.session.reconnectNow(reason);
  }

  login(email: string, password: string): Promise<LoginResult> {
    return this.session.login(email, password);
  }

  open(id: string): Promise<OpenResult> {
    return this.links.open(id);
  }

  updateSettings(patch: SettingsPatch): Settings {
    return this.settingsService.update(patch);
  }

  private profileView(): ProfileView {
    const p = this.deps.profile;
    const server = p.connection.broadcaster === 'redis' ? redactUrl(p.connection.url) : p.connection.host;
    return { name: p.name, laravelUrl: p.laravel.url, broadcaster: p.connection.broadcaster, server, locked: this.deps.locked };
  }
}
