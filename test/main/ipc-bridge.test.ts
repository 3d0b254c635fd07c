import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type AppState, type PushChannel, type PushMap } from '../../app/bridge/contract.js';
import { MemoryLogger } from '../../app/log.js';
import { forwardPushes, registerIpcHandlers, type PushSource } from '../../main/ipc-bridge.js';
import { sharedApp } from './desktop-harness.js';
import { FakeFrame, FakeIpcMain, FakeWebContents } from './fake-electron.js';

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
    await assert.rejects(ipcMain.invoke(stranger, 'app:state', []),
      /IpcRefusedError: app:state: refused: the request did not come from the Echo Tray window/);
    const iframe = new FakeFrame('app://echo-tray/index.html', win.webContents.mainFrame);
    await assert.rejects(ipcMain.invoke(win.webContents, 'session:logout', [], iframe), /refused/);
    await assert.rejects(ipcMain.invoke(win.webContents, 'app:state', [], null), /refused/, 'a frame that is gone');
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://other-host/index.html', 'app://echo-tray:99/index.html']) {
      await assert.rejects(ipcMain.invoke(win.webContents, 'app:state', [], new FakeFrame(url)), /refused/, url);
    }
    assert.ok(shared.app.logger.lines.some((l) => l.message === 'IPC from an unknown sender was refused'
      && l.fields.url === 'https://evil.example/'));
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

  it('a push:show-item reaches the page exactly once (through the window manager, which also shows the window)', () => {
    const win = shared.app.window();
    win.hide();
    const before = win.webContents.pushesOn('push:show-item').length;
    shared.app.desktop.controller.emit('push:show-item', 'item-7');
    assert.deepEqual(win.webContents.pushesOn('push:show-item').slice(before), [['item-7']]);
    assert.equal(win.visible, true);
  });

  it('forwards every push except show-item (which also shows the window) to the loaded page', async () => {
    const win = shared.app.window();
    await shared.app.invoke('settings:update', { theme: 'dark' });
    const pushes = win.webContents.pushesOn('push:settings');
    assert.equal((pushes.at(-1)?.[0] as { theme: string }).theme, 'dark');
    assert.ok(PUSH_CHANNELS.includes('push:show-item'));
  });
});

describe('registerIpcHandlers: one handler per invoke channel, removable', () => {
  it('registers every contract channel and the returned function removes them all', () => {
    const ipcMain = new FakeIpcMain();
    const stop = registerIpcHandlers({ ipcMain, target: { handle: () => Promise.reject(new Error('unused')) }, isTrustedSender: () => true,
      logger: new MemoryLogger() });
    assert.deepEqual(ipcMain.channels, [...INVOKE_CHANNELS].sort());
    stop();
    assert.deepEqual(ipcMain.channels, []);
  });
});

describe('forwardPushes: the pushes the window gets', () => {
  /** A controller-like push source that records live subscriptions. */
  function source(): PushSource & { emit<K extends PushChannel>(channel: K, ...args: PushMap[K]): void; listeners(): number } {
    const emitter = new EventEmitter();
    return {
      on(event, listener) {
        emitter.on(event, listener as (...args: unknown[]) => void);
        return () => emitter.off(event, listener as (...args: unknown[]) => void);
      },
      emit: (channel, ...args) => emitter.emit(channel, ...args),
      listeners: () => PUSH_CHANNELS.reduce((n, c) => n + emitter.listenerCount(c), 0),
    };
  }
  const sample: { [K in PushChannel]: PushMap[K] } = {
    'push:connection': [{ state: 'connected' } as unknown as PushMap['push:connection'][0]],
    'push:channels': [[]],
    'push:session': [{ state: 'logged-out' } as unknown as PushMap['push:session'][0]],
    'push:history': [{ kind: 'reset' } as unknown as PushMap['push:history'][0]],
    'push:settings': [{ theme: 'dark' } as unknown as PushMap['push:settings'][0]],
    'push:quiet': [{ kind: 'paused', until: '2026-12-02T07:00:00.000Z' }],
    'push:show-item': ['item-1'],
  };

  it('forwards every push channel but push:show-item, with its arguments, until stopped', () => {
    const src = source();
    const sent: [string, unknown[]][] = [];
    const stop = forwardPushes(src, { send: (channel, ...args) => void sent.push([channel, args]) });
    for (const channel of PUSH_CHANNELS) src.emit(channel, ...(sample[channel] as [never]));
    assert.deepEqual(sent.map(([c]) => c), PUSH_CHANNELS.filter((c) => c !== 'push:show-item'));
    assert.deepEqual(sent[0]?.[1], sample['push:connection']);
    assert.equal(src.listeners(), PUSH_CHANNELS.length - 1);
    stop();
    assert.equal(src.listeners(), 0);
    src.emit('push:settings', ...sample['push:settings']);
    assert.equal(sent.length, PUSH_CHANNELS.length - 1);
  });

  it('an explicit exception list replaces the default', () => {
    const src = source();
    const sent: string[] = [];
    forwardPushes(src, { send: (channel, ..._args) => void sent.push(channel) }, ['push:history']);
    for (const channel of PUSH_CHANNELS) src.emit(channel, ...(sample[channel] as [never]));
    assert.deepEqual(sent, PUSH_CHANNELS.filter((c) => c !== 'push:history'));
  });

});
