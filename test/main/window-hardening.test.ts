import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedApp } from './desktop-harness.js';

describe('window hardening', () => {
  const shared = sharedApp();

  it('isolates and sandboxes the page, without Node, with the bundled preload', () => {
    const prefs = shared.app.window().options.webPreferences;
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
        preload: `${shared.app.dir}/preload.cjs`,
      },
    );
    assert.equal(shared.app.window().options.show, false, 'shown on ready-to-show');
  });

  it('loads the UI from app://, never from a remote URL', () => {
    assert.equal(shared.app.window().loadedUrl, 'app://echo-tray/index.html');
  });

  it('denies every new window; a Laravel link asked for that way goes to the browser through the URL policy', async () => {
    const contents = shared.app.window().webContents;
    const opened = shared.app.electron.shell.nextOpen();
    assert.equal(contents.windowOpen(`${shared.laravel.url}/todos/1`), false);
    assert.equal(await opened, `${shared.laravel.url}/todos/1`);
    for (const url of ['https://evil.example/', 'javascript:alert(1)', 'file:///etc/passwd']) assert.equal(contents.windowOpen(url), false);
    assert.deepEqual(shared.app.electron.shell.opened, [`${shared.laravel.url}/todos/1`]);
  });

  it('blocks navigation and redirects off the app origin', () => {
    const contents = shared.app.window().webContents;
    assert.equal(contents.navigate('https://evil.example/'), false);
    assert.equal(contents.navigate(`${shared.laravel.url}/todos/1`), false);
    assert.equal(contents.navigate('file:///etc/passwd'), false);
    assert.equal(contents.navigate('https://evil.example/', 'will-redirect'), false);
    assert.equal(contents.mainFrame.url, 'app://echo-tray/index.html');
    assert.equal(contents.navigate('app://echo-tray/index.html#history'), true);
  });

  it('refuses <webview>, permission requests and checks, and downloads', async () => {
    const contents = shared.app.window().webContents;
    const attach = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', attach, {}, {});
    assert.equal(attach.defaultPrevented, true);
    const session = shared.app.electron.session.defaultSession;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      assert.equal(await session.requestPermission(permission), false, permission);
      assert.equal(session.checkPermission(permission), false, permission);
    }
    assert.equal(session.download(), false);
  });
});
