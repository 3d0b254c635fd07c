import { app, BrowserWindow, dialog, ipcMain, Menu, net, Notification, powerMonitor, protocol, safeStorage, session, shell, Tray } from 'electron';
import type { ElectronPorts } from './electron-ports.js';

/** The real modules, checked against the ports: when electron.d.ts drifts from them, tsc fails here. */
export const electronPorts: ElectronPorts<Menu> = { app, BrowserWindow, Tray, Menu, Notification, ipcMain, safeStorage, powerMonitor, net, shell, dialog, protocol, session };
