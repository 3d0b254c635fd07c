import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ConnectionStatus, HistoryEntry, SessionView, Settings } from '../../app/bridge/contract.js';
import { DEFAULT_SETTINGS } from '../../app/desktop/settings.js';
import type { TrayAction } from '../../app/desktop/tray-menu.js';
import { createTranslator, type Translator } from '../../app/i18n/index.js';
import { menuTemplate, TrayPresenter, type TraySource } from '../../main/tray-presenter.js';
import { FakeClock } from '../app/desktop/fake-clock.js';
import { createFakeElectron, type FakeElectron, type FakeMenu, type FakeTray } from './fake-electron.js';

/** What the tray reads, as plain fields a test can change (the presenter only reads on refresh). */
class Source implements TraySource {
  connectionStatus: ConnectionStatus = { state: 'connected', transport: 'socket.io' };
  sessionState: SessionView = {
    state: 'logged-in', email: 'alice@example.test', userId: '1', userName: 'Alice',
    expiresAt: null, message: null, tokenStorage: 'encrypted',
  };
  settings: Settings = DEFAULT_SETTINGS;
  translator: Translator = createTranslator('en');
  unread = 0;
  items: HistoryEntry[] = [];
  unreadCount(): number {
    return this.unread;
  }
  recent(count: number): readonly HistoryEntry[] {
    return this.items.slice(0, count);
  }
}

const item = (id: string, title: string): HistoryEntry => ({
  id, channel: 'todos', event: 'todo.created', title, body: '', url: '',
  receivedAt: '2026-11-23T09:00:00.000Z', urgency: 'normal', read: false,
});

const HOUR = 60 * 60 * 1000;

describe('TrayPresenter: icon, tooltip and menu follow the app, unit-tested on the strict fake', () => {
  let electron: FakeElectron;
  let clock: FakeClock;
  let source: Source;
  let actions: TrayAction[];
  let menusSet: number;

  beforeEach(async () => {
    electron = createFakeElectron({});
    await electron.app.whenReady();
    clock = new FakeClock(new Date(2026, 10, 23, 10, 0));
    source = new Source();
    actions = [];
    menusSet = 0;
  });

  const start = (): { presenter: TrayPresenter<FakeMenu>; tray: FakeTray } => {
    const presenter = new TrayPresenter({
      Tray: electron.Tray,
      Menu: {
        buildFromTemplate: (template) => {
          menusSet++;
          return electron.Menu.buildFromTemplate(template);
        },
      },
      iconFor: (state) => `/icons/${state}.png`,
      productName: 'Echo Tray',
      source,
      clock,
      onAction: (action) => actions.push(action),
    });
    const tray = electron.trays.at(-1);
    if (!tray) throw new Error('no tray');
    return { presenter, tray };
  };
  const flushMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('starts with the icon, tooltip and menu of the current state; a tray click opens the window', () => {
    source.unread = 2;
    source.items = [item('a', 'Ship it')];
    const { presenter, tray } = start();
    assert.equal(tray.image, '/icons/unread.png');
    assert.deepEqual(tray.setImageCalls, [], 'the constructor image is already right');
    assert.equal(presenter.currentState, 'unread');
    assert.equal(tray.toolTip, 'Echo Tray: connected; 2 unread');
    assert.deepEqual(tray.menu?.labels(), ['Open Echo Tray', '● Ship it', 'Pause notifications', 'Quit Echo Tray']);
    tray.click();
    assert.deepEqual(actions, [{ kind: 'open-window' }]);
  });

  it('menu items run their action; labels and a disabled "resume" cannot be clicked', () => {
    source.items = [item('a', 'Ship it')];
    const { tray } = start();
    tray.menu?.click('● Ship it');
    tray.menu?.click('For 1 hour');
    tray.menu?.click('Quit Echo Tray');
    assert.deepEqual(actions, [{ kind: 'open-item', id: 'a' }, { kind: 'pause', choice: '1h' }, { kind: 'quit' }]);
    assert.throws(() => tray.menu?.click('Off (resume notifications)'), /disabled/);
    source.items = [];
    const empty = start().tray;
    assert.equal(empty.menu?.find('No notifications yet')?.enabled, false);
    assert.throws(() => empty.menu?.click('No notifications yet'), /disabled/);
  });

  it('menuTemplate keeps separators, labels, submenus and enabled flags as Electron items', () => {
    const template = menuTemplate([
      { kind: 'label', label: 'Nothing' },
      { kind: 'separator' },
      { kind: 'submenu', label: 'More', entries: [{ kind: 'action', label: 'Later', action: { kind: 'log-in' }, enabled: false }] },
    ], (action) => actions.push(action));
    const [label, separator, submenu] = template;
    assert.deepEqual(label, { label: 'Nothing', enabled: false });
    assert.deepEqual(separator, { type: 'separator' });
    assert.equal(submenu?.label, 'More');
    const later = Array.isArray(submenu?.submenu) ? submenu.submenu[0] : undefined;
    assert.equal(later?.label, 'Later');
    assert.equal(later?.enabled, false);
    (later?.click as (() => void) | undefined)?.();
    assert.deepEqual(actions, [{ kind: 'log-in' }]);
  });

  it('sets the image only when the state changes, the tooltip and menu only when their text does', () => {
    const { presenter, tray } = start();
    const menus = menusSet;
    presenter.refresh();
    presenter.refresh();
    assert.deepEqual(tray.setImageCalls, []);
    assert.equal(menusSet, menus, 'same menu: not rebuilt');

    source.unread = 1;
    presenter.refresh();
    assert.deepEqual(tray.setImageCalls, ['/icons/unread.png']);
    assert.equal(tray.toolTip, 'Echo Tray: connected; 1 unread');
    assert.equal(menusSet, menus, 'the menu does not show the unread count');

    source.unread = 4;
    presenter.refresh();
    assert.deepEqual(tray.setImageCalls, ['/icons/unread.png'], 'still unread: same image');
    assert.equal(tray.toolTip, 'Echo Tray: connected; 4 unread');

    source.items = [item('b', 'New one')];
    presenter.refresh();
    assert.equal(menusSet, menus + 1);
    assert.ok(tray.menu?.find('● New one'));
  });

  it('a burst of refresh requests becomes one refresh after the current run', async () => {
    const { presenter, tray } = start();
    source.sessionState = { ...source.sessionState, state: 'logging-in' };
    presenter.requestRefresh();
    source.sessionState = { ...source.sessionState, state: 'logged-in' };
    source.connectionStatus = { state: 'connecting', transport: 'socket.io' };
    presenter.requestRefresh();
    source.unread = 1;
    source.connectionStatus = { state: 'connected', transport: 'socket.io' };
    presenter.requestRefresh();
    assert.deepEqual(tray.setImageCalls, [], 'nothing yet');
    await flushMicrotasks();
    assert.deepEqual(tray.setImageCalls, ['/icons/unread.png'], 'the transient states never showed');
    source.unread = 0;
    presenter.requestRefresh();
    await flushMicrotasks();
    assert.deepEqual(tray.setImageCalls, ['/icons/unread.png', '/icons/connected.png'], 'a later request refreshes again');
  });

  it('a pause ends on its own: the icon changes at its end, not before', () => {
    source.settings = { ...DEFAULT_SETTINGS, pausedUntil: new Date(2026, 10, 23, 10, 30).toISOString() };
    const { tray } = start();
    assert.equal(tray.image, '/icons/quiet.png');
    assert.match(tray.toolTip, /paused until 10:30/);
    clock.advance(30 * 60 * 1000 - 1);
    assert.deepEqual(tray.setImageCalls, []);
    clock.advance(1);
    assert.deepEqual(tray.setImageCalls, ['/icons/connected.png']);
    assert.equal(tray.toolTip, 'Echo Tray: connected');
    assert.equal(tray.menu?.find(/^Notifications paused/), undefined);
  });

  it('quiet hours start on their own, even when they begin more than an hour from now', () => {
    source.settings = { ...DEFAULT_SETTINGS, quietHours: { enabled: true, start: '22:00', end: '07:00', allowUrgent: true } };
    const { tray } = start();
    clock.advance(12 * HOUR - 1);
    assert.deepEqual(tray.setImageCalls, []);
    clock.advance(1);
    assert.deepEqual(tray.setImageCalls, ['/icons/quiet.png']);
    assert.match(tray.toolTip, /quiet hours until tomorrow 07:00/);
  });

  it('with nothing scheduled it still looks again every hour (a changed wall clock), keeping one timer', () => {
    const { tray } = start();
    source.unread = 1;
    clock.advance(HOUR - 1);
    assert.deepEqual(tray.setImageCalls, [], 'no refresh was asked for');
    clock.advance(1);
    assert.deepEqual(tray.setImageCalls, ['/icons/unread.png']);
    assert.equal(clock.pending, 1);
  });

  it('each refresh replaces the pending re-check instead of adding one', () => {
    const { presenter } = start();
    for (let i = 0; i < 5; i++) presenter.refresh();
    assert.equal(clock.pending, 1);
  });

  it('destroy removes the tray and its timer; later refreshes do nothing (Electron would throw)', async () => {
    const { presenter, tray } = start();
    presenter.requestRefresh();
    presenter.destroy();
    assert.equal(tray.isDestroyed(), true);
    assert.equal(clock.pending, 0);
    source.unread = 3;
    presenter.refresh();
    await flushMicrotasks();
    clock.advance(2 * HOUR);
    assert.deepEqual(tray.setImageCalls, []);
  });
});
