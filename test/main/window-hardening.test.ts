import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeLaravel } from '../support/fake-laravel.js';
import { ALICE, startHarness, type Harness } from './desktop-harness.js';

describe('window hardening', () => {
  let laravel: FakeLaravel;
  let h: Harness;
  before(async () => {
    laravel = new FakeLaravel({ users: [ALICE] });
    await laravel.start();
    h = await startHarness({ laravel });
    await h.windowLoaded();
  });
  after(async () => {
    await h.stop();
    await laravel.stop();
  });

  it('isolates and sandboxes the page, without Node, with the bundled preload', () => {
    const prefs = h.window().options.webPreferences;
    assert.deepEqual(
      {
        contextIsolation: prefs?.contextIsolation,
        sandbox: prefs?.sandbox,
        nodeIntegration: prefs?.nodeIntegration,
        nodeIntegrationInWorker: prefs?.nodeIntegrationInWorker,
        nodeIntegrationInSubFrames: prefs?.nodeIntegrationInSubFrames,
        webSecurity: prefs?.webSecurity,
        allowRunningInsecureContent: prefs?.allowRunningInsecureContent,
        webviewTag: prefs?.webviewTag,
        experimentalFeatures: prefs?.experimentalFeatures,
        preload: prefs?.preload,
      },
      {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        preload: `${h.dir}/preload.cjs`,
      },
    );
    assert.equal(h.window().options.show, false, 'shown on ready-to-show');
  });

  it('loads the UI from app://, never from a remote URL', () => {
    assert.equal(h.window().loadedUrl, 'app://echo-tray/index.html');
  });

  it('denies every new window; a Laravel link asked for that way goes to the browser through the URL policy', async () => {
    const contents = h.window().webContents;
    const opened = h.electron.shell.nextOpen();
    assert.equal(contents.windowOpen(`${laravel.url}/todos/1`), false);
    assert.equal(await opened, `${laravel.url}/todos/1`);
    for (const url of ['https://evil.example/', 'javascript:alert(1)', 'file:///etc/passwd']) assert.equal(contents.windowOpen(url), false);
    assert.deepEqual(h.electron.shell.opened, [`${laravel.url}/todos/1`]);
  });

  it('blocks navigation and redirects off the app origin', () => {
    const contents = h.window().webContents;
    assert.equal(contents.navigate('https://evil.example/'), false);
    assert.equal(contents.navigate(`${laravel.url}/todos/1`), false);
    assert.equal(contents.navigate('file:///etc/passwd'), false);
    assert.equal(contents.navigate('https://evil.example/', 'will-redirect'), false);
    assert.equal(contents.mainFrame.url, 'app://echo-tray/index.html');
    assert.equal(contents.navigate('app://echo-tray/index.html#history'), true);
  });

  it('refuses <webview>, permission requests and checks, and downloads', async () => {
    const contents = h.window().webContents;
    const attach = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', attach, {}, {});
    assert.equal(attach.defaultPrevented, true);
    const session = h.electron.session.defaultSession;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      assert.equal(await session.requestPermission(permission), false, permission);
      assert.equal(session.checkPermission(permission), false, permission);
    }
    assert.equal(session.download(), false);
  });
});
