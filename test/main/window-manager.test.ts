import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { MemoryLogger } from '../../app/log.js';
import { WindowManager } from '../../main/window-manager.js';
import { createFakeElectron, type FakeBrowserWindow, type FakeElectron } from './fake-electron.js';

describe('WindowManager: the one window, unit-tested on the strict fake', () => {
  let electron: FakeElectron;
  let links: string[];
  let manager: WindowManager;
  const win = (): FakeBrowserWindow => {
    const w = electron.windows.at(-1);
    if (!w) throw new Error('no window');
    return w;
  };
  const loaded = (): Promise<unknown> => new Promise((resolve) => win().once('ready-to-show', resolve));

  beforeEach(async () => {
    electron = createFakeElectron({});
    await electron.app.whenReady();
    links = [];
    manager = new WindowManager({ BrowserWindow: electron.BrowserWindow, preloadPath: '/p/preload.cjs', iconPath: '/i/app.png',
      logger: new MemoryLogger(), onExternalLink: (url) => links.push(url) });
  });

  it('creates the window with exactly these options', () => {
    manager.show();
    assert.deepEqual(win().options, {
      title: 'Echo Tray',
      width: 980,
      height: 700,
      minWidth: 420,
      minHeight: 480,
      show: false,
      icon: '/i/app.png',
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
        disableBlinkFeatures: 'Auxclick',
        preload: '/p/preload.cjs',
      },
    });
  });

  it('pushes reach the page only once it has loaded, and never a destroyed window', async () => {
    manager.show();
    const ready = loaded();
    manager.send('push:show-item', 'early');
    assert.deepEqual(win().webContents.sent, [], 'not loaded yet: dropped');
    await ready;
    manager.send('push:show-item', 'late');
    assert.deepEqual(win().webContents.pushesOn('push:show-item'), [['late']]);
    manager.prepareToQuit();
    win().close();
    manager.send('push:show-item', 'gone');
    assert.equal(manager.current, null);
  });

  it('an item asked for before the page loaded is shown once it has', async () => {
    manager.showItem('first');
    const ready = loaded();
    assert.deepEqual(win().webContents.sent, []);
    await ready;
    assert.deepEqual(win().webContents.pushesOn('push:show-item'), [['first']]);
    assert.equal(win().visible, true);
  });

  it('a minimized window is restored when shown again; a hidden one shown and focused', async () => {
    manager.show();
    await loaded();
    win().minimize();
    win().hide();
    manager.show();
    assert.equal(win().isMinimized(), false);
    assert.equal(win().visible, true);
    assert.equal(win().focused, true);
  });

  it('a destroyed window is no trusted sender', async () => {
    manager.show();
    await loaded();
    const contents = win().webContents;
    const event = { sender: contents, senderFrame: contents.mainFrame };
    assert.equal(manager.isTrustedSender(event), true);
    win().destroy();
    assert.equal(manager.isTrustedSender(event), false);
  });
});
