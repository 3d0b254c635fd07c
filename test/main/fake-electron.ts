/**
 * A FAKE of the Electron main-process modules main/ uses, for tests under plain Node (requiring the
 * real 'electron' package there would try to download the binary). Kept faithful to electron.d.ts
 * (45.4.1) and to Electron's documented behaviour where main/ relies on it:
 * - app: requestSingleInstanceLock / 'second-instance'; `ready` comes after the entry script, and
 *   quit() emits 'before-quit' (preventable) before 'will-quit';
 * - BrowserWindow / webContents: 'close' is preventable, 'closed' follows destruction; 'will-navigate'
 *   and 'will-redirect' get a preventable details object with `url`; send() structured-clones its
 *   arguments and throws once destroyed; setWindowOpenHandler's answer decides window.open;
 * - ipcMain.handle: one handler per channel, arguments and results structured-cloned, a thrown
 *   error reaches the renderer as "Error invoking remote method '<channel>': <error>";
 * - Tray: setImage / setToolTip / setContextMenu; Menu.buildFromTemplate validates items;
 * - Notification (docs/api/notification.md): 'show' when shown, 'click' only on a shown toast,
 *   'failed' (the OS refused it), 'close' "not guaranteed to be emitted in all cases": the fake's
 *   notification server can be told not to report closes; isSupported() can be switched off;
 * - safeStorage (docs/api/safe-storage.md): implements Electron's SafeStorage interface; ciphertext
 *   is really encrypted (AES-256-GCM, Chromium's "v10"/"v11" prefix). Per platform: Linux and
 *   Windows have no encryption before `ready`, macOS (Keychain) has; getSelectedStorageBackend()
 *   exists on Linux only and is 'unknown' before `ready`;
 * - powerMonitor 'suspend' / 'resume' / 'unlock-screen'; net.isOnline(); shell.openExternal;
 * - protocol: registerSchemesAsPrivileged only before `ready`, handle() only after;
 * - session: permission request / check handlers, 'will-download'.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
  NotificationConstructorOptions,
  SafeStorage,
} from 'electron';
import type {
  AppPort,
  ElectronPorts,
  FramePort,
  InvokeEventPort,
  NotificationPort,
  ProtocolPort,
  SessionPort,
  StorageBackend,
  TrayPort,
  WebContentsPort,
  WindowPort,
} from '../../main/electron-ports.js';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeNavigation extends FakeEvent {
  constructor(readonly url: string) {
    super();
  }
}

export class FakeApp extends EventEmitter implements AppPort {
  isPackaged = false;
  /** False: another instance holds the lock. */
  lockAvailable = true;
  ready = false;
  quitRequests = 0;
  /** Set once the quit went all the way ('quit' emitted): the process would exit now. */
  exited = false;
  /** Browser::is_quitting_: a quit is under way (before-quit went through, windows are closing). */
  quitting = false;
  /** Every window created, destroyed ones included (Electron's WindowList holds the live ones). */
  readonly windowList: FakeBrowserWindow[] = [];
  appUserModelId: string | null = null;
  loginItem: { openAtLogin: boolean; args?: string[] } = { openAtLogin: false };
  wasOpenedAtLogin = false;
  private readyPromise: Promise<void> | null = null;

  constructor(
    private readonly paths: Readonly<Record<string, string>>,
    private readonly appPath = '/opt/echo-tray/resources/app.asar',
  ) {
    super();
  }

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }

  /** Electron emits `ready` after the entry script ran: here, on the next macrotask. */
  whenReady(): Promise<void> {
    this.readyPromise ??= new Promise((resolve) =>
      setImmediate(() => {
        this.ready = true;
        this.emit('ready');
        resolve();
      }),
    );
    return this.readyPromise;
  }

  /** Browser::Quit (shell/browser/browser.cc). */
  quit(): void {
    this.quitRequests++;
    if (this.quitting || this.exited) return;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    this.quitting = !event.defaultPrevented;
    if (!this.quitting) return;
    const open = this.liveWindows();
    if (open.length === 0) {
      this.notifyAndShutdown();
      return;
    }
    // WindowList::CloseAllWindows: each window may refuse (then onWindowCloseCancelled runs).
    for (const win of open) win.close();
  }

  /** Throws like the constructors of Tray, BrowserWindow and Notification before `ready`. */
  assertReady(what: 'Tray' | 'BrowserWindow' | 'Notification'): void {
    if (!this.ready) throw new Error(`Cannot create ${what} before app is ready`);
  }

  /** Browser::OnWindowCloseCancelled: "Cancel app's quitting". */
  onWindowCloseCancelled(): void {
    this.quitting = false;
  }

  /** Browser::OnWindowAllClosed, called when the last live window is gone. */
  onWindowClosed(): void {
    if (this.liveWindows().length > 0) return;
    if (this.quitting) this.notifyAndShutdown();
    else this.emit('window-all-closed');
  }

  private liveWindows(): FakeBrowserWindow[] {
    return this.windowList.filter((w) => !w.isDestroyed());
  }

  /** Browser::NotifyAndShutdown: 'will-quit' (preventable: the quit stops), then 'quit'. */
  private notifyAndShutdown(): void {
    const event = new FakeEvent();
    this.emit('will-quit', event);
    if (event.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.exited = true;
    this.emit('quit', new FakeEvent(), 0);
  }

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  getPath(name: 'userData' | 'logs' | 'home'): string {
    const path = this.paths[name];
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  getAppPath(): string {
    return this.appPath;
  }

  /** What the OS says its languages are (tests set it, like a user changing the system language). */
  preferredSystemLanguages: string[] = ['en-US'];

  getPreferredSystemLanguages(): string[] {
    return [...this.preferredSystemLanguages];
  }

  getLoginItemSettings(): { wasOpenedAtLogin: boolean; openAtLogin: boolean } {
    return { wasOpenedAtLogin: this.wasOpenedAtLogin, openAtLogin: this.loginItem.openAtLogin };
  }

  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = settings;
  }

  /** What the primary instance sees when the user launches the app again. */
  launchAgain(argv: string[] = ['echo-tray']): void {
    this.emit('second-instance', new FakeEvent(), argv, '/home/user');
  }
}

let nextWebContentsId = 1;

export class FakeFrame implements FramePort {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter implements WebContentsPort {
  readonly id = nextWebContentsId++;
  readonly mainFrame = new FakeFrame('');
  /** Every push, after the structured clone Electron's IPC applies. */
  readonly sent: { channel: string; args: unknown[] }[] = [];
  private destroyed = false;
  private openHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }

  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }

  /** The page calls window.open(url): true when a window would be created. */
  windowOpen(url: string): boolean {
    const answer = this.openHandler?.({ url }) ?? { action: 'allow' };
    return answer.action === 'allow';
  }

  /** The page navigates (link, location.href): true when the navigation goes ahead. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const details = new FakeNavigation(url);
    this.emit(event, details, url, false, true);
    if (!details.defaultPrevented) this.mainFrame.url = url;
    return !details.defaultPrevented;
  }

  pushesOn(channel: string): unknown[][] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.args);
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter implements WindowPort {
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;
  loadedUrl: string | null = null;

  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly app: FakeApp,
  ) {
    app.assertReady('BrowserWindow');
    super();
    app.windowList.push(this);
  }

  /** What any method of a destroyed window does (isDestroyed() excepted). */
  private alive(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }

  /** Resolves after the page's did-finish-load (and ready-to-show: first paint). */
  loadURL(url: string): Promise<void> {
    this.alive();
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return new Promise((resolve) =>
      setImmediate(() => {
        if (this.destroyed) return;
        this.webContents.emit('did-finish-load');
        this.emit('ready-to-show');
        resolve();
      }),
    );
  }

  show(): void {
    this.alive();
    this.visible = true;
    this.minimized = false;
  }

  hide(): void {
    this.alive();
    this.visible = false;
    this.focused = false;
  }

  focus(): void {
    this.alive();
    this.focused = true;
  }

  minimize(): void {
    this.alive();
    this.minimized = true;
  }

  restore(): void {
    this.alive();
    this.minimized = false;
  }

  isMinimized(): boolean {
    this.alive();
    return this.minimized;
  }

  isVisible(): boolean {
    this.alive();
    return this.visible;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The user closes the window (or app.quit closes it): 'close' can be prevented. */
  close(): void {
    this.alive();
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) {
      this.app.onWindowCloseCancelled();
      return;
    }
    this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
    this.app.onWindowClosed();
  }
}

export class FakeMenu {
  constructor(readonly template: readonly MenuItemConstructorOptions[]) {}

  /** Finds an item (submenus included) whose label matches. */
  find(label: string | RegExp): MenuItemConstructorOptions | undefined {
    const match = (l: string | undefined): boolean => l !== undefined && (typeof label === 'string' ? l === label : label.test(l));
    const walk = (items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (match(item.label)) return item;
        if (Array.isArray(item.submenu)) {
          const found = walk(item.submenu);
          if (found) return found;
        }
      }
      return undefined;
    };
    return walk(this.template);
  }

  labels(): string[] {
    return this.template.filter((i) => i.type !== 'separator').map((i) => i.label ?? '');
  }

  /** The user clicks the item with this label (a disabled item cannot be clicked). */
  click(label: string | RegExp): void {
    const item = this.find(label);
    if (!item) throw new Error(`no menu item ${String(label)} in ${JSON.stringify(this.labels())}`);
    if (item.enabled === false) throw new Error(`menu item ${String(label)} is disabled`);
    (item.click as ((...args: unknown[]) => void) | undefined)?.({}, undefined, {});
  }
}

function validateTemplate(template: readonly MenuItemConstructorOptions[]): void {
  for (const item of template) {
    if (item.label === undefined && item.role === undefined && item.type === undefined) {
      throw new TypeError('Invalid template for MenuItem: must have at least one of label, role or type');
    }
    if (Array.isArray(item.submenu)) validateTemplate(item.submenu);
  }
}

export class FakeTray extends EventEmitter implements TrayPort<FakeMenu> {
  /** Every image passed to setImage, in order (the constructor's image is not in it). */
  readonly setImageCalls: string[] = [];
  toolTip = '';
  menu: FakeMenu | null = null;
  destroyed = false;

  constructor(
    public image: string,
    registry: FakeTray[],
    app: FakeApp,
  ) {
    app.assertReady('Tray');
    super();
    registry.push(this);
  }

  /** Tray::CheckAlive. */
  private alive(): void {
    if (this.destroyed) throw new Error('Tray is destroyed');
  }

  setImage(image: string): void {
    this.alive();
    this.setImageCalls.push(image);
    this.image = image;
  }

  setToolTip(toolTip: string): void {
    this.alive();
    this.toolTip = toolTip;
  }

  setContextMenu(menu: FakeMenu | null): void {
    this.alive();
    this.menu = menu;
  }

  /** Tray::Destroy does not check liveness: destroying twice is harmless. */
  destroy(): void {
    this.destroyed = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  click(): void {
    this.emit('click', {}, { x: 0, y: 0, width: 22, height: 22 }, { x: 0, y: 0 });
  }
}

/** The desktop's notification service, as the fake Notification class sees it. */
export interface FakeNotificationServer {
  /** Notification.isSupported(). */
  supported: boolean;
  /** False: closes are not reported ('close' "is not guaranteed to be emitted in all cases"). */
  reportsClose: boolean;
  /** Set: the next show() fails with this error ('failed') instead of showing. */
  failNextShow: string | null;
}

export class FakeNotification extends EventEmitter implements NotificationPort {
  shown = false;
  closed = false;

  constructor(
    readonly options: NotificationConstructorOptions,
    registry: FakeNotification[],
    app: FakeApp,
    private readonly server: FakeNotificationServer,
  ) {
    app.assertReady('Notification');
    super();
    registry.push(this);
  }

  /** On screen now: shown, not closed. */
  get onScreen(): boolean {
    return this.shown && !this.closed;
  }

  /** 'show' once the OS displays it, or 'failed' with the OS's error (NotificationDelegate). */
  show(): void {
    const error = this.server.failNextShow;
    if (error !== null) {
      this.server.failNextShow = null;
      this.emit('failed', new FakeEvent(), error);
      return;
    }
    this.shown = true;
    this.closed = false;
    this.emit('show', new FakeEvent());
  }

  /** Dismisses the toast; 'close' only if the server reports it. */
  close(): void {
    if (!this.onScreen) return;
    this.closed = true;
    if (this.server.reportsClose) this.emit('close', new FakeEvent());
  }

  /** The user clicks the toast: only a toast on screen can be clicked. */
  click(): void {
    if (!this.onScreen) throw new Error(`a notification that is not on screen cannot be clicked (${JSON.stringify(this.options.title)})`);
    this.emit('click', new FakeEvent());
  }

  /** The user dismisses it (or it times out). */
  dismiss(): void {
    this.close();
  }
}

const CIPHER = 'aes-256-gcm';

/** safeStorage, with real encryption under a per-fake key. */
export class FakeSafeStorage implements SafeStorage {
  backend: Exclude<StorageBackend, 'unknown'> = 'gnome_libsecret';
  /** False: no encryption at all (e.g. Windows before `ready`, macOS without Keychain). */
  encryptionAvailable = true;
  /** The next decrypt reports a rotated key. */
  rotateKey = false;
  constructor(
    private readonly app: FakeApp,
    /** The OS keyring's key: the same in a restarted app on the same machine. */
    readonly key: Buffer = randomBytes(32),
    readonly platform: 'linux' | 'win32' | 'darwin' = 'linux',
  ) {}

  /** safe-storage.md isEncryptionAvailable: Linux and Windows after `ready`, macOS whenever Keychain is there. */
  private get available(): boolean {
    return (this.platform === 'darwin' || this.app.ready) && this.encryptionAvailable;
  }

  /** Chromium's OSCrypt: "v11" only for a Linux keyring, "v10" everywhere else. */
  private prefix(): Buffer {
    return Buffer.from(this.platform === 'linux' && this.backend !== 'basic_text' ? 'v11' : 'v10');
  }

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }

  encryptString(plainText: string): Buffer {
    if (!this.available) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([this.prefix(), iv, cipher.getAuthTag(), body]);
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    return this.encryptString(plainText);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    }
    try {
      const iv = encrypted.subarray(3, 15);
      const decipher = createDecipheriv(CIPHER, this.key, iv);
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }

  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const result = this.decryptString(encrypted);
    const shouldReEncrypt = this.rotateKey;
    this.rotateKey = false;
    return { shouldReEncrypt, result };
  }

  /** Linux only (safe-storage.md): on Windows and macOS the method does not exist. */
  getSelectedStorageBackend(): StorageBackend {
    if (this.platform !== 'linux') throw new TypeError('safeStorage.getSelectedStorageBackend is not a function');
    return this.app.ready ? this.backend : 'unknown';
  }

  setUsePlainTextEncryption(usePlainText: boolean): void {
    if (usePlainText) this.backend = 'basic_text';
  }
}

export class FakeIpcMain {
  private readonly handlers = new Map<string, (event: InvokeEventPort, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: InvokeEventPort, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  get channels(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** ipcRenderer.invoke from `frame` of `sender` (default: its main frame), as the renderer sees it. */
  async invoke(sender: FakeWebContents, channel: string, args: unknown[], frame: FakeFrame | null = sender.mainFrame): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event: InvokeEventPort = { sender, senderFrame: frame };
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`, { cause: err });
    }
  }
}

export class FakePowerMonitor extends EventEmitter {}

export class FakeShell {
  readonly opened: string[] = [];
  private waiters: ((url: string) => void)[] = [];

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(url);
  }

  /** Resolves with the next URL handed to the browser. */
  nextOpen(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export class FakeDialog {
  readonly errors: { title: string; content: string }[] = [];
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  }
}

export class FakeProtocol implements ProtocolPort {
  readonly privileged: CustomScheme[] = [];
  private readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();

  constructor(private readonly app: FakeApp) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.app.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!this.app.ready) throw new Error('protocol.handle can only be used after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  /** What the window gets for a URL of a handled scheme. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
    return handler(new Request(url, init));
  }
}

export class FakeSession extends EventEmitter implements SessionPort {
  private requestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  private checkHandler: ((webContents: unknown, permission: string) => boolean) | null = null;

  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void {
    this.checkHandler = handler;
  }

  /** A page asks for a permission; Electron grants it when no handler is set. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler({}, permission, resolve));
  }

  checkPermission(permission: string): boolean {
    return this.checkHandler ? this.checkHandler({}, permission) : true;
  }

  /** A download starts: true when it goes ahead. */
  download(): boolean {
    const event = new FakeEvent();
    this.emit('will-download', event, {}, {});
    return !event.defaultPrevented;
  }
}

export interface FakeElectron extends ElectronPorts<FakeMenu> {
  readonly app: FakeApp;
  readonly ipcMain: FakeIpcMain;
  readonly safeStorage: FakeSafeStorage;
  readonly powerMonitor: FakePowerMonitor;
  readonly net: { online: boolean; isOnline(): boolean };
  readonly shell: FakeShell;
  readonly dialog: FakeDialog;
  readonly protocol: FakeProtocol;
  readonly session: { readonly defaultSession: FakeSession };
  readonly windows: FakeBrowserWindow[];
  readonly trays: FakeTray[];
  readonly notifications: FakeNotification[];
  /** Switches for the desktop's notification service (support, close reports, failures). */
  readonly notificationServer: FakeNotificationServer;
  /** The same machine after a restart of the app: same paths, same keyring. */
  fork(): FakeElectron;
}

export interface FakeKeyring {
  readonly key: Buffer;
  readonly backend: FakeSafeStorage['backend'];
  readonly platform?: FakeSafeStorage['platform'];
}

export function createFakeElectron(paths: Readonly<Record<string, string>>, keyring?: FakeKeyring): FakeElectron {
  const app = new FakeApp(paths);
  const safeStorage = new FakeSafeStorage(app, keyring?.key, keyring?.platform);
  if (keyring) safeStorage.backend = keyring.backend;
  const windows = app.windowList;
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const notificationServer: FakeNotificationServer = { supported: true, reportsClose: true, failNextShow: null };
  const net = {
    online: true,
    isOnline(): boolean {
      return net.online;
    },
  };
  return {
    app,
    windows,
    trays,
    notifications,
    notificationServer,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: BrowserWindowConstructorOptions) {
        super(options, app);
      }
    },
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image, trays, app);
      }
    },
    Menu: {
      buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
        validateTemplate(template);
        return new FakeMenu(template);
      },
    },
    Notification: class extends FakeNotification {
      static isSupported(): boolean {
        return notificationServer.supported;
      }
      constructor(options: NotificationConstructorOptions) {
        super(options, notifications, app, notificationServer);
      }
    },
    ipcMain: new FakeIpcMain(),
    safeStorage,
    powerMonitor: new FakePowerMonitor(),
    net,
    shell: new FakeShell(),
    dialog: new FakeDialog(),
    protocol: new FakeProtocol(app),
    session: { defaultSession: new FakeSession() },
    fork: () => createFakeElectron(paths, { key: safeStorage.key, backend: safeStorage.backend, platform: safeStorage.platform }),
  };
}
