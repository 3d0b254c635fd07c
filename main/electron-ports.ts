/**
 * The narrow slices of Electron's main-process API that main/ uses, shaped like electron.d.ts so
 * that the real modules satisfy them as they are (main/electron-ports-real.ts checks that at
 * compile time) and the tests can hand in a faithful fake. Only `import type` from 'electron'
 * here: nothing in this file runs Electron.
 */
import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions, NotificationConstructorOptions } from 'electron';

export type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, NotificationConstructorOptions };

export interface PreventableEvent {
  preventDefault(): void;
}

export interface AppPort {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  setAppUserModelId(id: string): void;
  getPath(name: 'userData' | 'logs' | 'home'): string;
  getAppPath(): string;
  /** The system's preferred languages, best first (BCP 47), for the `system` language setting. */
  getPreferredSystemLanguages(): string[];
  getLoginItemSettings(): { readonly wasOpenedAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  on(event: 'second-instance', listener: (event: PreventableEvent, argv: string[], workingDirectory: string) => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

export interface FramePort {
  readonly url: string;
  readonly parent: unknown;
}

/** What an `ipcMain.handle` listener gets as its first argument (IpcMainInvokeEvent). */
export interface InvokeEventPort {
  readonly sender: { readonly id: number };
  readonly senderFrame: FramePort | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEventPort, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface NavigationDetails extends PreventableEvent {
  readonly url: string;
}

export interface WebContentsPort {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'will-redirect', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
}

export interface WindowPort {
  readonly webContents: WebContentsPort;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => WindowPort;

export interface TrayPort<M> {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export type TrayConstructor<M> = new (image: string) => TrayPort<M>;

export interface MenuBuilder<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
}

export interface NotificationPort {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

export interface NotificationConstructor {
  new (options: NotificationConstructorOptions): NotificationPort;
  isSupported(): boolean;
}

export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

export interface SafeStoragePort {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only. */
  getSelectedStorageBackend(): StorageBackend;
}

export interface PowerMonitorPort {
  on(event: 'resume', listener: () => void): unknown;
  on(event: 'suspend', listener: () => void): unknown;
  on(event: 'unlock-screen', listener: () => void): unknown;
}

export interface NetPort {
  isOnline(): boolean;
}

export interface ShellPort {
  openExternal(url: string): Promise<void>;
}

export interface DialogPort {
  showErrorBox(title: string, content: string): void;
}

export interface ProtocolPort {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface SessionPort {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
}

/** Everything main/ needs from Electron, injected (Signal-Desktop style) so it can be faked. */
export interface ElectronPorts<M> {
  readonly app: AppPort;
  readonly BrowserWindow: WindowConstructor;
  readonly Tray: TrayConstructor<M>;
  readonly Menu: MenuBuilder<M>;
  readonly Notification: NotificationConstructor;
  readonly ipcMain: IpcMainPort;
  readonly safeStorage: SafeStoragePort;
  readonly powerMonitor: PowerMonitorPort;
  readonly net: NetPort;
  readonly shell: ShellPort;
  readonly dialog: DialogPort;
  readonly protocol: ProtocolPort;
  readonly session: { readonly defaultSession: SessionPort };
}
