/**
 * main/'s whole wiring under test: the real startDesktop, AppController, EchoCore, HistoryStore
 * (temp files) and electron-store's base class `conf` (electron-store itself imports Electron),
 * with Electron replaced by the fake, the clock by a FakeClock and the broadcaster by an
 * in-process transport. Login goes to the FakeLaravel over loopback HTTP.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, type TestContext } from 'node:test';
import Conf from 'conf';
import { EchoCore, type EchoCoreDeps } from '../../app/core/echo-core.js';
import type { ProfileLocation } from '../../app/desktop/provisioning.js';
import { MemoryLogger } from '../../app/log.js';
import type { ConnectionStatus, RawMessage, Transport, TransportListener } from '../../app/transport/transport.js';
import { startDesktop, type DesktopApp } from '../../main/desktop-app.js';
import { STORE_NAME, STORE_SCHEMA, type StoreShape } from '../../main/store-schema.js';
import { FakeClock } from '../app/desktop/fake-clock.js';
import { once } from '../support/events.js';
import type { FakeLaravel } from '../support/fake-laravel.js';
import { fakeLaravelForSuite } from '../support/stack.js';
import { createFakeElectron, type FakeBrowserWindow, type FakeElectron, type FakeMenu, type FakeTray } from './fake-electron.js';

export const ALICE = { id: 8164, name: 'Alice', email: 'alice@example.test', password: 'secret' } as const;

/** The broadcaster, in process: the test says what arrives and what the link does. */
export class FakeTransport implements Transport {
  readonly name = 'socket.io';
  readonly subscribed = new Set<string>();
  readonly reconnects: string[] = [];
  started = false;
  stopped = false;

  constructor(private readonly listener: TransportListener) {}

  start(): void {
    this.started = true;
    this.setConnection({ state: 'connected', transport: this.name, protocol: 'fake' });
  }

  subscribe(channel: string): void {
    this.subscribed.add(channel);
    this.listener.onChannel({ channel, state: 'subscribed' });
  }

  unsubscribe(channel: string): void {
    this.subscribed.delete(channel);
    this.listener.onChannel({ channel, state: 'unsubscribed' });
  }

  reconnectNow(reason: string): void {
    this.reconnects.push(reason);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  setConnection(status: ConnectionStatus): void {
    this.listener.onConnection(status);
  }

  /** An event arrives, as laravel-echo-server delivers it. */
  deliver(channel: string, event: string, data: Record<string, unknown>): void {
    const message: RawMessage = { channel, event, data };
    this.listener.onMessage(message);
  }

  /** The relay answers 401 for this channel (the token expired). */
  expire(channel: string): void {
    this.listener.onChannel({ channel, state: 'expired', httpStatus: 401, reason: 'session expired: log in again' });
  }
}

export interface HarnessOptions {
  readonly laravel: FakeLaravel;
  readonly argv?: readonly string[];
  readonly platform?: NodeJS.Platform;
  readonly now?: Date;
  /** Profile JSON overrides. */
  readonly profile?: Record<string, unknown>;
  /** Reuse a previous harness's folder and fake (a restart of the app). */
  readonly restartOf?: Harness;
  readonly beforeStart?: (electron: FakeElectron) => void;
  /** Where the profile file is found (default: as the user's ECHO_TRAY_PROFILE). */
  readonly profileSource?: ProfileLocation['source'];
}

export interface Harness {
  readonly electron: FakeElectron;
  readonly desktop: DesktopApp<FakeMenu>;
  readonly clock: FakeClock;
  readonly logger: MemoryLogger;
  readonly dir: string;
  readonly userData: string;
  readonly storePath: string;
  readonly profileUrl: string;
  /** The transport of the current session (throws before login). */
  transport(): FakeTransport;
  /**
   * An event arrives; resolves once the core has processed it (the core may queue events of a
   * burst and process them in slices), i.e. after the controller's `delivery` for it.
   */
  deliver(channel: string, event: string, data: Record<string, unknown>): Promise<void>;
  tray(): FakeTray;
  /** The app window (throws while none was created). */
  window(): FakeBrowserWindow;
  /** ipcRenderer.invoke from the app window's page. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Logs Alice in over IPC (the window is opened for it). */
  login(): Promise<void>;
  /** Waits for the window's page to have loaded. */
  windowLoaded(): Promise<FakeBrowserWindow>;
  stop(opts?: { keepFiles?: boolean }): Promise<void>;
}

export const TODO_CHANNEL = `private-todoevent.updated.${ALICE.id}`;

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const dir = opts.restartOf?.dir ?? (await mkdtemp(join(tmpdir(), 'echo-tray-desktop-')));
  const userData = join(dir, 'userData');
  await mkdir(userData, { recursive: true });
  const profilePath = join(dir, 'profile.json');
  const profile = {
    name: 'Acme test',
    laravel: { url: opts.laravel.url },
    connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:9' },
    channels: ['private-todoevent.updated.{userId}', 'poster_room'],
    rules: [{ event: '.TodoEventUpdated', title: 'Todo: {{todo.title}}', url: '/todos/{{todo.id}}' }],
    ...opts.profile,
  };
  await writeFile(profilePath, JSON.stringify(profile));
  const electron = opts.restartOf?.electron.fork() ?? createFakeElectron({ userData, logs: join(dir, 'logs'), home: join(dir, 'home') });
  opts.beforeStart?.(electron);
  const clock = new FakeClock(opts.now ?? new Date(2026, 10, 23, 10, 0, 0));
  const logger = new MemoryLogger();
  let transport: FakeTransport | undefined;
  const coreFactory = (d: EchoCoreDeps): EchoCore =>
    new EchoCore({
      ...d,
      transportFactory: (_profile, td) => {
        transport = new FakeTransport(td.listener);
        return transport;
      },
    });
  const locations: ProfileLocation[] = [{ source: opts.profileSource ?? 'env', path: profilePath }];
  const desktop = await startDesktop<FakeMenu>({
    electron,
    paths: { rendererDir: join(dir, 'renderer'), preloadPath: join(dir, 'preload.cjs'), iconsDir: '/icons', resourcesPath: null },
    host: {
      argv: opts.argv ?? ['echo-tray'],
      platform: opts.platform ?? 'linux',
      env: { XDG_CONFIG_HOME: join(dir, 'config') },
      execPath: '/opt/echo-tray/echo-tray',
      homeDir: join(dir, 'home'),
    },
    clock,
    logger,
    openStore: (cwd) => new Conf<StoreShape>({ cwd, configName: STORE_NAME, schema: STORE_SCHEMA, clearInvalidConfig: true }),
    controllerOverrides: { coreFactory },
    profileLocations: locations,
  });
  if (desktop === null) throw new Error(`the desktop app did not start: ${JSON.stringify(logger.lines)}`);
  await desktop.started;
  // Events are processed in order: the n-th event sent is processed when n deliveries were seen.
  let sent = 0;
  let processed = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  desktop.controller.on('delivery', () => {
    processed++;
    for (const w of waiters.filter((w) => w.n <= processed)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });

  const window = (): FakeBrowserWindow => {
    const win = electron.windows.at(-1);
    if (!win) throw new Error('no window was created');
    return win;
  };
  const windowLoaded = async (): Promise<FakeBrowserWindow> => {
    const win = window();
    if (!win.visible) await once(win, 'ready-to-show');
    return win;
  };
  const harness: Harness = {
    electron,
    desktop,
    clock,
    logger,
    dir,
    userData,
    storePath: join(userData, `${STORE_NAME}.json`),
    profileUrl: opts.laravel.url,
    transport() {
      if (!transport) throw new Error('no transport yet: log in first');
      return transport;
    },
    deliver(channel, event, data) {
      const n = ++sent;
      const done = new Promise<void>((resolve) => waiters.push({ n, resolve }));
      harness.transport().deliver(channel, event, data);
      return done;
    },
    tray() {
      const tray = electron.trays.at(-1);
      if (!tray) throw new Error('no tray');
      return tray;
    },
    window,
    windowLoaded,
    invoke(channel, ...args) {
      return electron.ipcMain.invoke(window().webContents, channel, args);
    },
    async login() {
      desktop.windows.show();
      await windowLoaded();
      const result = (await harness.invoke('session:login', ALICE.email, ALICE.password)) as { ok: boolean; message?: string };
      if (!result.ok) throw new Error(`login failed: ${result.message}`);
    },
    async stop(stopOpts = {}) {
      await desktop.shutdown();
      if (!stopOpts.keepFiles) await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** For a describe(): a FakeLaravel (with Alice) for the whole suite, started before and stopped after. */
export function sharedLaravel(): { readonly laravel: FakeLaravel } {
  return { laravel: fakeLaravelForSuite({ users: [ALICE] }) };
}

/** A harness for one test, stopped when the test ends (passed or failed). */
export async function harnessFor(t: TestContext, opts: HarnessOptions): Promise<Harness> {
  const h = await startHarness(opts);
  t.after(() => h.stop());
  return h;
}

/** For a describe(): one running app (its window loaded) shared by the suite's tests. */
export function sharedApp(opts: Omit<HarnessOptions, 'laravel'> = {}): { readonly laravel: FakeLaravel; readonly app: Harness } {
  const { laravel } = sharedLaravel();
  let app: Harness | undefined;
  before(async () => {
    app = await startHarness({ ...opts, laravel });
    await app.windowLoaded();
  });
  after(() => app?.stop());
  return {
    laravel,
    get app(): Harness {
      if (!app) throw new Error('the app is not started yet');
      return app;
    },
  };
}
