import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type AppState } from '../../app/bridge/contract.js';
import { sharedApp } from './desktop-harness.js';
import { FakeFrame, FakeWebContents } from './fake-electron.js';

describe('IPC bridge: every handler checks its sender, then its arguments', () => {
  const shared = sharedApp();

  it('registers exactly the contract\'s invoke channels', () => {
    assert.deepEqual(shared.app.electron.ipcMain.channels, [...INVOKE_CHANNELS].sort());
  });

  it('answers the app window\'s own page', async () => {
    const state = (await shared.app.invoke('app:state')) as AppState;
    assert.equal(state.profile.name, 'Acme test');
    assert.equal(state.session.state, 'logged-out');
  });

  it('refuses another webContents, a subframe, and our window once it shows another origin', async () => {
    const { ipcMain } = shared.app.electron;
    const win = shared.app.window();
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://echo-tray/index.html';
    await assert.rejects(ipcMain.invoke(stranger, 'app:state', []), /app:state: refused: the request did not come from the Echo Tray window/);
    const iframe = new FakeFrame('app://echo-tray/index.html', win.webContents.mainFrame);
    await assert.rejects(ipcMain.invoke(win.webContents, 'session:logout', [], iframe), /refused/);
    await assert.rejects(ipcMain.invoke(win.webContents, 'app:state', [], null), /refused/, 'a frame that is gone');
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://other-host/index.html', 'app://echo-tray:99/index.html']) {
      await assert.rejects(ipcMain.invoke(win.webContents, 'app:state', [], new FakeFrame(url)), /refused/, url);
    }
    assert.ok(shared.app.logger.lines.some((l) => l.message === 'IPC from an unknown sender was refused' && l.fields.url === 'https://evil.example/'));
  });

  it('refuses bad arguments before they reach the controller', async () => {
    const cases: [string, unknown[], RegExp][] = [
      ['session:login', ['alice@example.test'], /expected 2 argument/],
      ['session:login', [{ toString: 'x' }, 'pw'], /email must be text/],
      ['history:list', [{ limit: 10_000 }], /limit must be a whole number/],
      ['history:list', [{ search: 'x'.repeat(201) }], /search is too long/],
      ['history:mark-read', ['not-a-list'], /ids must be a list/],
      ['channels:mute', ['poster_room', 'yes'], /muted must be true or false/],
      ['settings:update', [{ quietHours: { enabled: true, sneaky: 1 } }], /unknown setting "quietHours.sneaky"/],
      ['settings:update', [{ __proto__: { autoStart: true }, theme: 'neon' }], /theme must be/],
      ['app:state', ['extra'], /expected 0 argument/],
    ];
    for (const [channel, args, message] of cases) await assert.rejects(shared.app.invoke(channel, ...args), message, channel);
    const state = (await shared.app.invoke('app:state')) as AppState;
    assert.equal(state.settings.theme, 'system');
  });

  it('a settings value the controller refuses comes back as an error, and nothing is saved', async () => {
    await assert.rejects(shared.app.invoke('settings:update', { quietHours: { start: '25:00' } }), /quiet hours take times like "22:00"/);
    assert.equal(shared.app.desktop.controller.settings.quietHours.start, '22:00');
  });

  it('forwards every push except show-item (which also shows the window) to the loaded page', async () => {
    const win = shared.app.window();
    await shared.app.invoke('settings:update', { theme: 'dark' });
    const pushes = win.webContents.pushesOn('push:settings');
    assert.equal((pushes.at(-1)?.[0] as { theme: string }).theme, 'dark');
    assert.ok(PUSH_CHANNELS.includes('push:show-item'));
  });
});
