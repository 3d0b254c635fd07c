import type { PushChannel, PushMap } from '../app/bridge/contract.js';
import type { Logger } from '../app/log.js';
import { APP_START_URL, isAppUrl, PRODUCT_NAME } from './app-identity.js';
import type { InvokeEventPort, WindowConstructor, WindowPort } from './electron-ports.js';
import { errorMessage } from '../app/util/error-reason.js';
import { WINDOW_MIN_SIZE } from '../app/desktop/window-size.js';

export interface WindowManagerDeps {
  /** Electron's BrowserWindow (a fake in tests). */
  readonly BrowserWindow: WindowConstructor;
  readonly preloadPath: string;
  readonly iconPath: string;
  readonly logger: Logger;
  /** A link the page tried to open in a new window: given to the URL policy, never a new window. */
  readonly onExternalLink: (url: string) => void;
}

/**
 * The one window (history, channels, login, settings). Created on first show, not at login, so a
 * tray-only session costs no renderer; closing it hides it until the app quits.
 */
export class WindowManager {
  private window: WindowPort | null = null;
  private loaded = false;
  private quitting = false;
  /** Items to show once the page has loaded (a notification click may create the window). */
  private pendingItems: string[] = [];

  constructor(private readonly deps: WindowManagerDeps) {}

  get current(): WindowPort | null {
    return this.window;
  }

  show(): void {
    const win = this.window ?? this.create();
    if (win.isMinimized()) win.restore();
    if (this.loaded) {
      win.show();
      win.focus();
    }
  }

  /** Shows the window with this history item in view (`push:show-item`). */
  showItem(id: string): void {
    this.show();
    if (this.loaded) this.send('push:show-item', id);
    else this.pendingItems.push(id);
  }

  /** Forwards a push to the page; dropped while it is not loaded (it asks `app:state` on load). */
  send<K extends PushChannel>(channel: K, ...args: PushMap[K]): void {
    const win = this.window;
    if (!win || win.isDestroyed() || !this.loaded || win.webContents.isDestroyed()) return;
    win.webContents.send(channel, ...args);
  }

  /**
   * True only for IPC from our window's top frame showing our own page: not another webContents,
   * not a subframe, not a page that somehow navigated elsewhere.
   */
  isTrustedSender(event: InvokeEventPort): boolean {
    const win = this.window;
    const frame = event.senderFrame;
    if (!win || win.isDestroyed() || frame === null) return false;
    return event.sender.id === win.webContents.id && frame.parent === null && isAppUrl(frame.url);
  }

  /** From now on a close really closes (the app is quitting). */
  prepareToQuit(): void {
    this.quitting = true;
  }

  private create(): WindowPort {
    const { BrowserWindow } = this.deps;
    const win = new BrowserWindow({
      title: PRODUCT_NAME,
      width: 980,
      height: 700,
      minWidth: WINDOW_MIN_SIZE.width,
      minHeight: WINDOW_MIN_SIZE.height,
      show: false,
      icon: this.deps.iconPath,
      autoHideMenuBar: true,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: false,
        // Middle-click would otherwise try to open links in a new window.
        disableBlinkFeatures: 'Auxclick',
        // Reviewed for Electronegativity: the preload exposes only the contract's EchoTrayApi.
        preload: this.deps.preloadPath, // eng-disable PRELOAD_JS_CHECK
      },
    });
    this.window = win;
    this.loaded = false;
    const contents = win.webContents;
    contents.setWindowOpenHandler(({ url }) => {
      this.deps.onExternalLink(url);
      return { action: 'deny' };
    });
    const stayHome = (details: { url: string; preventDefault(): void }): void => {
      if (isAppUrl(details.url)) return;
      this.deps.logger.log('warn', 'navigation away from the app was blocked', { url: details.url.slice(0, 200) });
      details.preventDefault();
    };
    contents.on('will-navigate', stayHome);
    contents.on('will-redirect', stayHome);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('did-finish-load', () => {
      this.loaded = true;
      const items = this.pendingItems;
      this.pendingItems = [];
      for (const id of items) this.send('push:show-item', id);
    });
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.window === win) {
        this.window = null;
        this.loaded = false;
      }
    });
    win.loadURL(APP_START_URL).catch((err: unknown) => {
      this.deps.logger.log('error', 'the window could not load its page', { error: errorMessage(err) });
      win.show();
    });
    return win;
  }
}
