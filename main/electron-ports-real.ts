import electron, { type Menu } from 'electron';
import type { ElectronPorts } from './electron-ports.js';

/**
 * The real modules, checked against the ports: when electron.d.ts drifts from them, tsc fails
 * here. Read lazily, so that no module is touched before it is needed (some only work once the
 * app is ready).
 */
export const electronPorts: ElectronPorts<Menu> = {
  get app() {
    return electron.app;
  },
  get BrowserWindow() {
    return electron.BrowserWindow;
  },
  get Tray() {
    return electron.Tray;
  },
  get Menu() {
    return electron.Menu;
  },
  get Notification() {
    return electron.Notification;
  },
  get ipcMain() {
    return electron.ipcMain;
  },
  get safeStorage() {
    return electron.safeStorage;
  },
  get powerMonitor() {
    return electron.powerMonitor;
  },
  get net() {
    return electron.net;
  },
  get shell() {
    return electron.shell;
  },
  get dialog() {
    return electron.dialog;
  },
  get protocol() {
    return electron.protocol;
  },
  get session() {
    return electron.session;
  },
};
