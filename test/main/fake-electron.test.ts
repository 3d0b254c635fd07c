/**
 * Pins the fake's strictness rules: each one copies Electron 45 (source or docs named in
 * fake-electron.ts), so a main/ bug that real Electron would expose also fails under the fake.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeElectron, type FakeBrowserWindow, type FakeElectron, type FakeTray } from './fake-electron.js';

const paths = { userData: '/tmp/u', logs: '/tmp/l', home: '/tmp/h' };

function newWindow(electron: FakeElectron): FakeBrowserWindow {
  new electron.BrowserWindow({});
  const win = electron.windows.at(-1);
  if (!win) throw new Error('no window');
  return win;
}

function newTray(electron: FakeElectron): FakeTray {
  new electron.Tray('/i.png');
  const tray = electron.trays.at(-1);
  if (!tray) throw new Error('no tray');
  return tray;
}

async function ready(): Promise<FakeElectron> {
  const electron = createFakeElectron(paths);
  await electron.app.whenReady();
  return electron;
}

describe('fake Electron: readiness (Tray::New, BaseWindow::New, Notification::New)', () => {
  it('Tray, BrowserWindow and Notification cannot be created before ready', async () => {
    const electron = createFakeElectron(paths);
    assert.throws(() => new electron.Tray('/i.png'), /^Error: Cannot create Tray before app is ready$/);
    assert.throws(() => new electron.BrowserWindow({}), /^Error: Cannot create BrowserWindow before app is ready$/);
    assert.throws(() => new electron.Notification({ title: 't' }), /^Error: Cannot create Notification before app is ready$/);
    assert.equal(electron.trays.length + electron.windows.length + electron.notifications.length, 0);
    const readyFired = new Promise((resolve) => electron.app.once('ready', resolve));
    await electron.app.whenReady();
    await readyFired;
    new electron.Tray('/i.png');
    new electron.BrowserWindow({});
    new electron.Notification({ title: 't' });
    assert.equal(electron.trays.length + electron.windows.length + electron.notifications.length, 3);
  });

  it('ready comes after the entry script, not synchronously', () => {
    const electron = createFakeElectron(paths);
    void electron.app.whenReady();
    assert.equal(electron.app.ready, false);
  });
});

describe('fake Electron: quit (Browser::Quit, OnWindowAllClosed, NotifyAndShutdown, OnWindowCloseCancelled)', () => {
  const recorder = (electron: FakeElectron): string[] => {
    const seen: string[] = [];
    for (const name of ['before-quit', 'will-quit', 'quit', 'window-all-closed'] as const) electron.app.on(name, () => seen.push(name));
    return seen;
  };

  it('before-quit, then every window closes, then will-quit, then quit', async () => {
    const electron = await ready();
    const seen = recorder(electron);
    const wins = [newWindow(electron), newWindow(electron)];
    wins.forEach((w, i) => {
      w.on('close', () => seen.push(`close ${i}`));
      w.on('closed', () => seen.push(`closed ${i}`));
    });
    electron.app.quit();
    assert.deepEqual(seen, ['before-quit', 'close 0', 'closed 0', 'close 1', 'closed 1', 'will-quit', 'quit']);
    assert.equal(electron.app.exited, true);
    assert.ok(wins.every((w) => w.isDestroyed()));
  });

  it('a prevented before-quit stops the quit; the next quit() starts over', async () => {
    const electron = await ready();
    const seen = recorder(electron);
    let hold = true;
    electron.app.on('before-quit', (event: { preventDefault: () => void }) => hold && event.preventDefault());
    electron.app.quit();
    assert.deepEqual(seen, ['before-quit']);
    assert.equal(electron.app.quitting, false);
    hold = false;
    electron.app.quit();
    assert.deepEqual(seen, ['before-quit', 'before-quit', 'will-quit', 'quit']);
  });

  it('a window that prevents its close cancels the quit: no will-quit, and the app is not quitting', async () => {
    const electron = await ready();
    const seen = recorder(electron);
    const win = newWindow(electron);
    win.on('close', (event: { preventDefault: () => void }) => event.preventDefault());
    electron.app.quit();
    assert.deepEqual(seen, ['before-quit']);
    assert.equal(win.isDestroyed(), false);
    assert.equal(electron.app.quitting, false);
    assert.equal(electron.app.exited, false);
  });

  it('a prevented will-quit stops the quit after the windows are gone', async () => {
    const electron = await ready();
    const seen = recorder(electron);
    electron.app.once('will-quit', (event: { preventDefault: () => void }) => event.preventDefault());
    electron.app.quit();
    assert.deepEqual(seen, ['before-quit', 'will-quit']);
    assert.equal(electron.app.exited, false);
    electron.app.quit();
    assert.equal(electron.app.exited, true);
  });

  it('quit() while a quit is running does nothing (is_quitting_)', async () => {
    const electron = await ready();
    const seen = recorder(electron);
    const win = newWindow(electron);
    win.once('close', () => electron.app.quit());
    electron.app.quit();
    assert.deepEqual(seen, ['before-quit', 'will-quit', 'quit']);
  });

  it('closing the last window without a quit emits window-all-closed, not will-quit', async () => {
    const electron = await ready();
    const seen = recorder(electron);
    newWindow(electron).close();
    assert.deepEqual(seen, ['window-all-closed']);
  });
});

describe('fake Electron: destroyed objects throw', () => {
  it('a destroyed Tray throws "Tray is destroyed" (Tray::CheckAlive); destroy() twice is fine', async () => {
    const electron = await ready();
    const tray = newTray(electron);
    tray.destroy();
    assert.equal(tray.isDestroyed(), true);
    assert.throws(() => tray.setToolTip('x'), /^Error: Tray is destroyed$/);
    assert.throws(() => tray.setContextMenu(null), /^Error: Tray is destroyed$/);
    assert.throws(() => tray.setImage('/j.png'), /^Error: Tray is destroyed$/);
    tray.destroy();
  });

  it('a destroyed BrowserWindow and its webContents throw "Object has been destroyed"', async () => {
    const electron = await ready();
    const win = newWindow(electron);
    win.destroy();
    for (const call of [() => win.show(), () => win.hide(), () => win.focus(), () => win.isVisible(), () => win.close(),
      () => win.loadURL('app://x/')]) {
      assert.throws(call, /^TypeError: Object has been destroyed$/);
    }
    assert.throws(() => win.webContents.send('push:settings', {}), /^TypeError: Object has been destroyed$/);
    assert.equal(win.isDestroyed(), true);
  });
});

describe('fake Electron: Notification (docs/api/notification.md)', () => {
  it('show emits show; a click needs a toast on screen', async () => {
    const electron = await ready();
    const n = new electron.Notification({ title: 't' });
    const seen: string[] = [];
    for (const name of ['show', 'click', 'close', 'failed']) n.on(name as 'click', () => seen.push(name));
    assert.throws(() => electron.notifications[0]?.click(), /not on screen cannot be clicked/);
    n.show();
    electron.notifications[0]?.click();
    n.close();
    assert.deepEqual(seen, ['show', 'click', 'close']);
    assert.throws(() => electron.notifications[0]?.click(), /not on screen/);
  });

  it('close is not guaranteed: a server that does not report it stays silent', async () => {
    const electron = await ready();
    electron.notificationServer.reportsClose = false;
    const n = new electron.Notification({ title: 't' });
    let closed = 0;
    n.on('close', () => closed++);
    n.show();
    n.close();
    assert.equal(closed, 0);
    assert.equal(electron.notifications[0]?.onScreen, false);
  });

  it('a refused toast emits failed with the error and is never on screen', async () => {
    const electron = await ready();
    electron.notificationServer.failNextShow = 'no notification server';
    const n = new electron.Notification({ title: 't' });
    const errors: string[] = [];
    n.on('failed', (_event, error) => errors.push(error));
    n.show();
    assert.deepEqual(errors, ['no notification server']);
    assert.equal(electron.notifications[0]?.onScreen, false);
    assert.equal(electron.notificationServer.failNextShow, null, 'only the next show fails');
  });

  it('isSupported() can be switched off', () => {
    const electron = createFakeElectron(paths);
    assert.equal(electron.Notification.isSupported(), true);
    electron.notificationServer.supported = false;
    assert.equal(electron.Notification.isSupported(), false);
  });
});

describe('fake Electron: safeStorage per platform (docs/api/safe-storage.md)', () => {
  const key = Buffer.alloc(32, 7);

  it('Linux: nothing before ready, the backend after; "v11" with a keyring, "v10" with basic_text', async () => {
    const electron = createFakeElectron(paths, { key, backend: 'kwallet5', platform: 'linux' });
    assert.equal(await electron.safeStorage.isAsyncEncryptionAvailable(), false);
    assert.equal(electron.safeStorage.getSelectedStorageBackend(), 'unknown');
    await assert.rejects(electron.safeStorage.encryptStringAsync('x'), /Encryption is not available/);
    await electron.app.whenReady();
    assert.equal(electron.safeStorage.getSelectedStorageBackend(), 'kwallet5');
    assert.equal((await electron.safeStorage.encryptStringAsync('x')).subarray(0, 3).toString(), 'v11');
    electron.safeStorage.setUsePlainTextEncryption(true);
    assert.equal((await electron.safeStorage.encryptStringAsync('x')).subarray(0, 3).toString(), 'v10');
  });

  it('Windows: available after ready only; no getSelectedStorageBackend', async () => {
    const electron = createFakeElectron(paths, { key, backend: 'gnome_libsecret', platform: 'win32' });
    assert.equal(electron.safeStorage.isEncryptionAvailable(), false);
    await electron.app.whenReady();
    assert.equal(electron.safeStorage.isEncryptionAvailable(), true);
    assert.equal((await electron.safeStorage.encryptStringAsync('x')).subarray(0, 3).toString(), 'v10');
    assert.throws(() => electron.safeStorage.getSelectedStorageBackend(), TypeError);
  });

  it('macOS: the Keychain works before ready; a restarted app on the same machine decrypts', async () => {
    const electron = createFakeElectron(paths, { key, backend: 'gnome_libsecret', platform: 'darwin' });
    assert.equal(electron.safeStorage.isEncryptionAvailable(), true);
    const cipher = await electron.safeStorage.encryptStringAsync('secret');
    const restarted = electron.fork();
    assert.equal(restarted.safeStorage.platform, 'darwin');
    assert.deepEqual(await restarted.safeStorage.decryptStringAsync(cipher), { shouldReEncrypt: false, result: 'secret' });
  });
});
