import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppController, type AppControllerDeps } from '../app/desktop/app-controller.js';
import { startsHidden } from '../app/desktop/autostart-entry.js';
import type { Clock } from '../app/util/clock.js';
import { NotificationPolicy } from '../app/desktop/notification-policy.js';
import { loadProvisionedProfile, profileLocations, type ProfileLocation, type ProvisionedProfile } from '../app/desktop/provisioning.js';
import { pausedUntilFor } from '../app/desktop/quiet-time.js';
import type { TrayAction } from '../app/desktop/tray-menu.js';
import {
  allProfileChannelsSubscribed,
  demoIntervalMs,
  startDemoServerSide,
  type DemoServerSide,
  type DemoServerSideOptions,
} from '../app/demo/demo-server-side.js';
import type { TrayState } from '../app/desktop/tray-state.js';
import { resolveLocale, translatorFor } from '../app/i18n/index.js';
import { UserHistory } from '../app/history/user-history.js';
import type { Logger } from '../app/log.js';
import { slug } from '../app/paths.js';
import { APP_ID, APP_SCHEME, PRODUCT_NAME } from './app-identity.js';
import { AutostartSync, createAutostart, type Autostart } from './autostart.js';
import { watchConnectivity } from './connectivity.js';
import type { ElectronPorts } from './electron-ports.js';
import { quitGracefully } from './graceful-quit.js';
import { ExternalOpener } from './external-opener.js';
import { forwardPushes, registerIpcHandlers } from './ipc-bridge.js';
import { OsNotifier } from './os-notifier.js';
import { StorePreferences } from './preferences-store.js';
import { rendererRequestHandler } from './renderer-protocol.js';
import { promptOnSessionChanges } from './session-prompts.js';
import { hardenSession } from './session-guard.js';
import type { KeyValueStore, StoreShape } from './store-schema.js';
import { SafeStorageVault } from './token-vault.js';
import { TrayPresenter } from './tray-presenter.js';
import { WindowManager } from './window-manager.js';
import { errorMessage } from '../app/util/error-reason.js';

export interface DesktopPaths {
  /** The built renderer (dist/renderer/, index.html inside). */
  readonly rendererDir: string;
  /** The bundled CommonJS preload (dist/preload/preload.cjs). */
  readonly preloadPath: string;
  /** Generated icons (dist/icons/): app.png and tray-<state>.png. */
  readonly iconsDir: string;
  /** process.resourcesPath when packaged (IT's extraResources profile lives there), else null. */
  readonly resourcesPath: string | null;
}

export interface DesktopHost {
  readonly argv: readonly string[];
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
  readonly homeDir: string;
}

export interface DesktopDeps<M> {
  readonly electron: ElectronPorts<M>;
  readonly paths: DesktopPaths;
  readonly host: DesktopHost;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly openStore: (userDataDir: string) => KeyValueStore<StoreShape>;
  /** Tests hand in a fake transport through the core factory; the app leaves this unset. */
  readonly controllerOverrides?: Pick<AppControllerDeps, 'laravel' | 'coreFactory'>;
  /** Network state poll interval (default 5 s). */
  readonly netPollMs?: number;
  /** Where to look for the profile (default: profileLocations() for this host). */
  readonly profileLocations?: readonly ProfileLocation[];
  /** Starts the demo's server side for `--demo` (default: app/demo's); never called without the flag. */
  readonly startDemo?: (opts: DemoServerSideOptions) => Promise<DemoServerSide>;
}

export interface DesktopApp<M> {
  readonly controller: AppController;
  readonly windows: WindowManager;
  readonly tray: TrayPresenter<M>;
  readonly notifier: OsNotifier;
  readonly policy: NotificationPolicy;
  readonly history: UserHistory;
  readonly vault: SafeStorageVault;
  readonly provisioned: ProvisionedProfile;
  readonly autostart: Autostart;
  /** Resolves once the start-at-login changes asked so far are applied. */
  autostartSettled(): Promise<void>;
  /** Resolves when the app has finished what it does at launch (session restored or not). */
  readonly started: Promise<void>;
  /** `--demo` only: the demo's server side, stopped by shutdown(). */
  readonly demo: DemoServerSide | null;
  /** Stops everything (what quitting does before the process exits). */
  shutdown(): Promise<void>;
}

const NET_POLL_MS = 5_000;
const SHUTDOWN_GRACE_MS = 5_000;

/** The flag of `npm start -- --demo`: the app runs against the demo's own server side. */
export const DEMO_FLAG = '--demo';

/**
 * The desktop app, assembled from Electron-free parts and the injected Electron ports. Call it
 * before the app is ready (it registers the app scheme and takes the single-instance lock
 * synchronously); resolves null when this process should not run (second instance, no profile).
 */
export async function startDesktop<M>(deps: DesktopDeps<M>): Promise<DesktopApp<M> | null> {
  const { electron, paths, host, clock, logger } = deps;
  const { app } = electron;

  if (!app.requestSingleInstanceLock()) {
    logger.log('info', 'Echo Tray is already running: the running copy shows its window');
    app.quit();
    return null;
  }
  electron.protocol.registerSchemesAsPrivileged([{
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true },
  }]);
  app.setAppUserModelId(APP_ID);
  let windows: WindowManager | undefined;
  let showWhenReady = false;
  app.on('second-instance', () => {
    if (windows) windows.show();
    else showWhenReady = true;
  });
  // A tray app keeps running with no window open; only Quit ends it.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  hardenSession(electron.session.defaultSession, logger);
  electron.protocol.handle(APP_SCHEME, rendererRequestHandler(paths.rendererDir));

  // Only an explicit --demo runs the demo; a missing or broken profile never falls back to it.
  let demo: DemoServerSide | null = null;
  if (host.argv.includes(DEMO_FLAG)) {
    try {
      demo = await (deps.startDemo ?? startDemoServerSide)({
        intervalMs: demoIntervalMs(undefined, host.env),
        clock,
        report: (line) => logger.log('info', `demo: ${line}`),
      });
    } catch (err) {
      logger.log('error', 'the demo could not start', { error: errorMessage(err) });
      electron.dialog.showErrorBox(`${PRODUCT_NAME} demo cannot start`, errorMessage(err));
      app.quit();
      return null;
    }
    logger.log('info', 'demo started', { laravel: demo.stack.laravel.url, relay: demo.stack.echo.url, dir: demo.stack.dir });
  }
  // The demo keeps its settings, token and history in its temp dir, away from the real ones.
  const userData = demo ? join(demo.stack.dir, 'userData') : app.getPath('userData');
  if (demo) await mkdir(userData, { recursive: true });
  let provisioned: ProvisionedProfile;
  try {
    const facts = { platform: host.platform, env: host.env, resourcesPath: paths.resourcesPath, userDataDir: userData };
    const locations = demo
      ? [{ source: 'user' as const, path: demo.stack.profilePath }]
      : (deps.profileLocations ?? profileLocations(facts));
    provisioned = await loadProvisionedProfile(locations);
  } catch (err) {
    logger.log('error', 'no usable profile', { error: errorMessage(err) });
    await demo?.stop();
    const tr = translatorFor(resolveLocale(app.getPreferredSystemLanguages()));
    electron.dialog.showErrorBox(tr.t('app.cannotStart', { product: PRODUCT_NAME }), errorMessage(err));
    app.quit();
    return null;
  }
  for (const warning of provisioned.warnings) logger.log('warn', `profile: ${warning}`, { path: provisioned.path });
  logger.log('info', 'profile loaded', { path: provisioned.path, source: provisioned.source, locked: provisioned.locked });

  const store = deps.openStore(userData);
  const vault = await SafeStorageVault.open({ safeStorage: electron.safeStorage, store, platform: host.platform, logger });
  const history = new UserHistory({
    profilePath: join(userData, `history-${slug(provisioned.profile.name)}.jsonl`),
    cap: provisioned.profile.history.cap,
    logger,
  });
  const opener = new ExternalOpener(electron.shell, [provisioned.profile.laravel.url, ...provisioned.profile.allowedOrigins]);
  const controller = new AppController({
    profile: provisioned.profile,
    locked: provisioned.locked,
    vault,
    preferences: new StorePreferences(store),
    history,
    logger,
    opener,
    systemLanguages: () => app.getPreferredSystemLanguages(),
    clock,
    ...deps.controllerOverrides,
  });

  const icon = (name: string): string => join(paths.iconsDir, `${name}.png`);
  windows = new WindowManager({
    BrowserWindow: electron.BrowserWindow,
    preloadPath: paths.preloadPath,
    iconPath: icon('app'),
    logger,
    // Links the page opens "in a new window" get the same URL policy as notification links.
    onExternalLink: (url) => {
      opener.open(url).catch((err: unknown) => logger.log('warn', 'a link from the window was not opened', { error: errorMessage(err) }));
    },
  });
  const win = windows;
  const openItem = async (id: string): Promise<void> => {
    try {
      // A refused URL makes the controller push `push:show-item`, which shows the window.
      await controller.open(id);
    } catch (err) {
      logger.log('error', 'could not open a notification link', { id, error: errorMessage(err) });
      win.showItem(id);
    }
  };

  const stopIpc = registerIpcHandlers({
    ipcMain: electron.ipcMain,
    target: controller,
    isTrustedSender: (event) => win.isTrustedSender(event),
    logger,
  });
  const stopPushes = forwardPushes(controller, win);
  controller.on('push:show-item', (id) => win.showItem(id));

  const notifier = new OsNotifier({
    Notification: electron.Notification,
    iconPath: icon('app'),
    logger,
    platform: host.platform,
    onItemClick: (id) => void openItem(id),
    onSummaryClick: () => win.show(),
  });
  const policy = new NotificationPolicy({
    clock,
    settings: () => controller.settings,
    show: (notice) => notifier.show(notice),
    translator: () => controller.translator,
    channelName: (channel) => controller.channelName(channel),
  });
  controller.on('delivery', (delivery) => {
    const verdict = policy.offer(delivery);
    if (verdict !== 'shown') logger.log('debug', 'no OS notification', { id: delivery.notification.id, verdict });
  });
  controller.on('missed', (deliveries) => {
    const verdict = policy.offerMissed(deliveries);
    if (verdict !== 'shown') logger.log('debug', 'no OS notification for the missed ones', { count: deliveries.length, verdict });
  });

  const onTrayAction = (action: TrayAction): void => {
    switch (action.kind) {
      case 'open-window':
      case 'log-in':
        win.show();
        return;
      case 'open-item':
        void openItem(action.id);
        return;
      case 'pause':
        controller.updateSettings({ pausedUntil: pausedUntilFor(action.choice, clock.now()) });
        return;
      case 'quit':
        app.quit();
        return;
    }
  };
  const tray = new TrayPresenter<M>({
    Tray: electron.Tray,
    Menu: electron.Menu,
    iconFor: (state: TrayState) => icon(`tray-${state}`),
    productName: PRODUCT_NAME,
    source: controller,
    clock,
    onAction: onTrayAction,
  });
  for (const channel of ['push:connection', 'push:session', 'push:history', 'push:settings'] as const) {
    controller.on(channel, () => tray.requestRefresh());
  }

  promptOnSessionChanges({
    source: controller,
    tokenStorage: vault.storage,
    prompt: (options) => notifier.prompt(options),
    showWindow: () => win.show(),
    translator: () => controller.translator,
  });

  const autostart = createAutostart({
    platform: host.platform,
    app,
    env: host.env,
    homeDir: host.homeDir,
    launch: { execPath: host.execPath, appPath: app.getAppPath(), isPackaged: app.isPackaged, appImage: host.env.APPIMAGE },
    logger,
  });
  const autostartSync = new AutostartSync(autostart, controller.settings.autoStart, logger);
  controller.on('push:settings', (settings) => autostartSync.set(settings.autoStart));

  const stopConnectivity = watchConnectivity({
    powerMonitor: electron.powerMonitor,
    net: electron.net,
    clock,
    logger,
    reconnect: (reason) => controller.reconnectNow(reason),
    isConnected: () => controller.connectionStatus.state === 'connected',
    onWake: () => tray.refresh(),
    pollMs: deps.netPollMs ?? NET_POLL_MS,
  });

  let shutdownPromise: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      win.prepareToQuit();
      stopConnectivity();
      policy.dispose();
      notifier.closeAll();
      tray.destroy();
      stopPushes();
      stopIpc();
      await controller.stop();
      await history.close();
      await demo?.stop();
    })();
    return shutdownPromise;
  };
  quitGracefully({ app, clock, logger, shutdown, onQuitRequested: () => win.prepareToQuit(), graceMs: SHUTDOWN_GRACE_MS });

  const wasOpenedAtLogin = host.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (showWhenReady || !startsHidden(host.argv, wasOpenedAtLogin)) win.show();

  const started = controller
    .start()
    .then(() => (demo ? startDemoSession(controller, demo, logger) : undefined))
    .catch((err: unknown) => logger.log('error', 'could not restore the session', { error: errorMessage(err) }));
  const autostartSettled = (): Promise<void> => autostartSync.settled();
  return {
    controller,
    windows: win,
    tray,
    notifier,
    policy,
    history,
    vault,
    provisioned,
    autostart,
    autostartSettled,
    started,
    demo,
    shutdown,
  };
}

/** Logs the demo user in and starts the sample broadcasts once every channel is subscribed. */
async function startDemoSession(controller: AppController, demo: DemoServerSide, logger: Logger): Promise<void> {
  const startSamples = (): void => {
    demo.startSamples().catch((err: unknown) => logger.log('error', 'the demo cannot publish', { error: errorMessage(err) }));
  };
  controller.on('push:channels', (channels) => {
    if (allProfileChannelsSubscribed(channels)) startSamples();
  });
  const result = await controller.login(demo.credentials.email, demo.credentials.password);
  if (!result.ok) throw new Error(`the demo user could not log in: ${result.message}`);
  if (allProfileChannelsSubscribed(controller.state().channels)) startSamples();
}
