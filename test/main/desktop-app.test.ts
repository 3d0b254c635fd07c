import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AppState, HistoryPage, HistoryUpdate } from '../../app/bridge/contract.js';
import { APP_ID, APP_SCHEME } from '../../main/app-identity.js';
import { once } from '../support/events.js';
import type { FakeElectron } from './fake-electron.js';
import { ALICE, harnessFor, sharedLaravel, startHarness, TODO_CHANNEL, type Harness } from './desktop-harness.js';

const TODO_EVENT = 'App\\Events\\TodoEventUpdated';
/** Lets the microtasks queued by the last synchronous step run (the tray batches its refreshes there). */
const microtasks = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

describe('desktop app wiring (Electron faked)', () => {
  const { laravel } = sharedLaravel();

  it('sets the AppUserModelID, registers app:// before ready, hardens the session, starts in the tray', async (t) => {
    const h = await harnessFor(t, { laravel });
    const { electron } = h;
    assert.equal(electron.app.appUserModelId, APP_ID);
    assert.deepEqual(electron.protocol.privileged.map((s) => s.scheme), [APP_SCHEME]);
    assert.equal(electron.trays.length, 1);
    assert.equal(h.tray().image, '/icons/tray-offline.png', 'not logged in yet');
    assert.match(h.tray().toolTip, /not logged in/);
    assert.equal(await electron.session.defaultSession.requestPermission('notifications'), false);
    assert.equal(electron.windows.length, 1, 'launched by hand: the window shows');
    await h.windowLoaded();
    assert.equal(h.window().loadedUrl, 'app://echo-tray/index.html');
  });

  it('a notification click opens its Laravel URL with shell.openExternal and releases the notification', async (t) => {
    const h = await harnessFor(t, { laravel });
    await h.login();
    await h.deliver(TODO_CHANNEL, TODO_EVENT, { todo: { id: 5, title: 'Buy milk' } });
    const toast = h.electron.notifications.at(-1);
    assert.ok(toast);
    assert.equal(toast.shown, true);
    assert.deepEqual(
      { title: toast.options.title, icon: toast.options.icon, urgency: toast.options.urgency },
      { title: 'Todo: Buy milk', icon: '/icons/app.png', urgency: 'normal' },
    );
    assert.equal(h.desktop.notifier.kept, 1, 'kept referenced until clicked or closed');
    const opened = h.electron.shell.nextOpen();
    toast.click();
    assert.equal(await opened, `${laravel.url}/todos/5`);
    assert.deepEqual(h.electron.shell.opened, [`${laravel.url}/todos/5`]);
    assert.equal(h.desktop.notifier.kept, 0);
    assert.equal(h.desktop.history.list().items[0]?.read, true, 'opening it marks it read');
  });

  for (const url of [
    'javascript:alert(document.cookie)',
    'file:///etc/passwd',
    'https://evil.example/login',
    'data:text/html,<script>alert(1)</script>',
  ]) {
    it(`a notification link ${url.slice(0, 24)}… never reaches openExternal: the window shows the item`, async (t) => {
      const h = await harnessFor(t, { laravel, argv: ['echo-tray', '--hidden'] });
      const login = await h.desktop.controller.login(ALICE.email, ALICE.password);
      assert.equal(login.ok, true);
      assert.equal(h.electron.windows.length, 0, 'started hidden: no window yet');
      await h.deliver('poster_room', 'backend_poster', { msg: 'Poster saved', url });
      const toast = h.electron.notifications.at(-1);
      assert.ok(toast);
      const shown = once<[string]>(h.desktop.controller, 'push:show-item');
      toast.click();
      const [id] = await shown;
      const win = await h.windowLoaded();
      assert.equal(win.visible, true);
      assert.deepEqual(win.webContents.pushesOn('push:show-item'), [[id]], 'the page is told which item to show once it has loaded');
      assert.equal(h.desktop.history.get(id)?.url, url);
      assert.deepEqual(h.electron.shell.opened, []);
    });
  }

  it('the tray image follows the state and is set only when the state changes', async (t) => {
    const h = await harnessFor(t, { laravel });
    const tray = h.tray();
    const images = (): string[] => tray.setImageCalls.map((p) => p.replace('/icons/tray-', '').replace('.png', ''));
    await h.login();
    assert.deepEqual(images(), ['connecting', 'connected']);
    assert.match(tray.toolTip, /^Echo Tray: connected$/);

    h.transport().setConnection({ state: 'connected', transport: 'socket.io' });
    await microtasks();
    assert.deepEqual(images(), ['connecting', 'connected'], 'same state: no new image');

    const twoUnread = once<[HistoryUpdate]>(h.desktop.controller, 'push:history', { filter: (u) => u.unread === 2 });
    await h.deliver(TODO_CHANNEL, TODO_EVENT, { todo: { id: 1, title: 'One' } });
    await h.deliver(TODO_CHANNEL, TODO_EVENT, { todo: { id: 2, title: 'Two' } });
    await twoUnread;
    await microtasks();
    assert.deepEqual(images(), ['connecting', 'connected', 'unread']);
    assert.match(tray.toolTip, /2 unread/);
    assert.deepEqual(
      tray.menu?.labels().filter((l) => l.startsWith('●')),
      ['● Todo: Two', '● Todo: One'],
      'the last notifications, newest first',
    );

    await h.invoke('history:mark-all-read');
    assert.deepEqual(images(), ['connecting', 'connected', 'unread', 'connected']);

    tray.menu?.click('For 1 hour');
    await microtasks();
    assert.deepEqual(images().at(-1), 'quiet');
    assert.match(tray.toolTip, /notifications paused until 11:00/);
    assert.ok(tray.menu?.find(/^Notifications paused until/));

    h.transport().setConnection({ state: 'reconnecting', transport: 'socket.io', reason: 'transport close', retryInMs: 2000 });
    await microtasks();
    assert.deepEqual(images().at(-1), 'offline');
    assert.match(tray.toolTip, /offline: transport close, retrying in 2 s/);

    h.transport().setConnection({ state: 'connected', transport: 'socket.io' });
    await microtasks();
    assert.equal(images().at(-1), 'quiet');
    h.clock.advance(60 * 60 * 1000);
    assert.equal(images().at(-1), 'connected', 'the pause ends on its own');
    assert.deepEqual(images(), ['connecting', 'connected', 'unread', 'connected', 'quiet', 'offline', 'quiet', 'connected']);
  });

  it('a tray menu item opens the notification; the tray opens the window; Quit quits', async (t) => {
    const h = await harnessFor(t, { laravel, argv: ['echo-tray', '--hidden'] });
    await h.desktop.controller.login(ALICE.email, ALICE.password);
    const history = once(h.desktop.controller, 'push:history');
    await h.deliver(TODO_CHANNEL, TODO_EVENT, { todo: { id: 9, title: 'Ship it' } });
    await history;
    const opened = h.electron.shell.nextOpen();
    h.tray().menu?.click('● Todo: Ship it');
    assert.equal(await opened, `${laravel.url}/todos/9`);

    h.tray().click();
    assert.equal((await h.windowLoaded()).visible, true);

    const quitting = once(h.electron.app, 'will-quit');
    h.tray().menu?.click('Quit Echo Tray');
    assert.equal(h.electron.app.exited, false, 'the first quit waits for the history and the connection to close');
    await quitting;
    assert.equal(h.electron.app.exited, true);
    assert.equal(h.transport().stopped, true);
    assert.equal(h.window().isDestroyed(), true, 'the quit closed the window (its close-to-tray hiding let it go)');
    assert.equal(h.electron.app.quitting, true);
  });

  it('closing the window hides it; the app keeps running in the tray', async (t) => {
    const h = await harnessFor(t, { laravel });
    const win = await h.windowLoaded();
    win.close();
    assert.equal(win.isDestroyed(), false);
    assert.equal(win.visible, false);
    h.desktop.windows.show();
    assert.equal(win.visible, true);
    assert.equal(h.electron.windows.length, 1, 'the same window comes back');
  });

  it('a burst is coalesced into one summary; every item still lands in history', async (t) => {
    const h = await harnessFor(t, { laravel, argv: ['echo-tray', '--hidden'] });
    await h.desktop.controller.login(ALICE.email, ALICE.password);
    const burst = Array.from(
      { length: 15 },
      (_, i) => h.deliver(TODO_CHANNEL, TODO_EVENT, { todo: { id: i + 1, title: `Item ${i + 1}` } }),
    );
    await Promise.all(burst);
    assert.deepEqual(h.electron.notifications.map((n) => n.options.title), ['Todo: Item 1', 'Todo: Item 2', 'Todo: Item 3']);
    h.clock.advance(10_000);
    assert.equal(h.electron.notifications.length, 4);
    const summary = h.electron.notifications.at(-1);
    assert.equal(summary?.options.title, '12 updates in todoevent.updated.8164');
    assert.equal(summary?.options.body, 'Latest: Todo: Item 15');
    assert.equal(h.desktop.history.size, 15);
    summary?.click();
    assert.equal((await h.windowLoaded()).visible, true, 'a summary opens the window');
  });

  it('quiet hours across midnight silence the OS notifications (history fills); urgent items break through if allowed', async (t) => {
    const h = await harnessFor(t, { laravel, now: new Date(2026, 10, 23, 23, 30) });
    await h.login();
    await h.invoke('settings:update', { quietHours: { enabled: true, start: '22:00', end: '07:00', allowUrgent: true } });
    await h.deliver('poster_room', 'backend_poster', { msg: 'normal at 23:30' });
    await h.deliver('poster_room', 'backend_poster', { msg: 'server down', urgency: 'critical' });
    assert.deepEqual(h.electron.notifications.map((n) => [n.options.body, n.options.urgency]), [['server down', 'critical']]);
    assert.equal(h.desktop.history.size, 2);
    await microtasks();
    assert.match(h.tray().toolTip, /quiet hours until tomorrow 07:00/);

    await h.invoke('settings:update', { quietHours: { allowUrgent: false } });
    await h.deliver('poster_room', 'backend_poster', { msg: 'also down', urgency: 'critical' });
    assert.equal(h.electron.notifications.length, 1, 'not allowed to break through');

    h.clock.advanceTo(new Date(2026, 10, 24, 7, 0));
    await h.deliver('poster_room', 'backend_poster', { msg: 'good morning' });
    assert.equal(h.electron.notifications.at(-1)?.options.body, 'good morning');
    assert.equal(h.desktop.history.size, 4);
  });

  it('on Linux, markup in a payload reaches the notification daemon as text: & < > escaped (issue 12.9)', async (t) => {
    const h = await harnessFor(t, { laravel });
    await h.login();
    await h.deliver('poster_room', 'backend_poster', { title: 'Q&A <b>now</b>',
      msg: '<a href="https://evil.test">Click</a> & <img src=x>' });
    const toast = h.electron.notifications.at(-1);
    assert.equal(toast?.options.title, 'Q&amp;A &lt;b&gt;now&lt;/b&gt;');
    assert.equal(toast?.options.body, '&lt;a href="https://evil.test"&gt;Click&lt;/a&gt; &amp; &lt;img src=x&gt;');
    assert.equal(h.desktop.history.list().items[0]?.title, 'Q&A <b>now</b>', 'history keeps the text as sent');
  });

  it('on Windows and macOS the notification text is handed over as it is (no markup there)', async (t) => {
    const h = await harnessFor(t, { laravel, platform: 'win32' });
    await h.login();
    await h.deliver('poster_room', 'backend_poster', { title: 'Q&A <b>now</b>', msg: 'a & b' });
    assert.deepEqual([h.electron.notifications.at(-1)?.options.title, h.electron.notifications.at(-1)?.options.body], [
      'Q&A <b>now</b>', 'a & b',
    ]);
  });

  it('a muted channel records history but raises no notification', async (t) => {
    const h = await harnessFor(t, { laravel });
    await h.login();
    await h.invoke('channels:mute', 'poster_room', true);
    await h.deliver('poster_room', 'backend_poster', { msg: 'muted' });
    assert.equal(h.electron.notifications.length, 0);
    assert.equal(h.desktop.history.size, 1);
  });

  it('single instance: a second launch shows the running app\'s window and restores it (the second copy: second-launch)', async (t) => {
    const h = await harnessFor(t, { laravel, argv: ['echo-tray', '--hidden'] });
    assert.equal(h.electron.windows.length, 0);
    h.electron.app.launchAgain();
    const win = await h.windowLoaded();
    assert.equal(win.visible && win.focused, true);
    win.minimize();
    h.electron.app.launchAgain();
    assert.equal(win.isMinimized(), false, 'restored');
    assert.equal(h.electron.windows.length, 1);
  });

  it('resume, unlock while offline and network changes reconnect now', async (ctx) => {
    const h = await harnessFor(ctx, { laravel, argv: ['echo-tray', '--hidden'] });
    await h.desktop.controller.login(ALICE.email, ALICE.password);
    const t = h.transport();
    h.electron.powerMonitor.emit('suspend');
    h.electron.powerMonitor.emit('resume');
    assert.deepEqual(t.reconnects, ['the computer woke from sleep']);
    h.electron.powerMonitor.emit('unlock-screen');
    assert.equal(t.reconnects.length, 1, 'a healthy link is not dropped on unlock (pub/sub has no replay)');
    t.setConnection({ state: 'reconnecting', transport: 'socket.io', reason: 'ping timeout', retryInMs: 30_000 });
    h.electron.powerMonitor.emit('unlock-screen');
    assert.equal(t.reconnects.at(-1), 'the screen was unlocked while offline');
    h.electron.net.online = false;
    h.clock.advance(5_000);
    assert.equal(t.reconnects.at(-1), 'the network went away');
    h.electron.net.online = true;
    h.clock.advance(5_000);
    assert.equal(t.reconnects.at(-1), 'the network is back');
    assert.equal(t.reconnects.length, 4);
  });

  it('after an outage the notifications Laravel stored meanwhile raise one OS notification; read ones none', async (ctx) => {
    const h = await harnessFor(ctx, { laravel, profile: { laravel: { url: laravel.url, notifications: '/api/notifications' } } });
    await h.login();
    const before = h.electron.notifications.length;
    h.transport().setConnection({ state: 'reconnecting', transport: 'socket.io', reason: 'test outage' });
    const unread = ['Approve leave', 'Sign contract', 'Call back'];
    for (const title of unread) laravel.storeNotification(ALICE.id, 'App\\Notifications\\Task', { title });
    laravel.storeNotification(ALICE.id, 'App\\Notifications\\Task', { title: 'Seen in the browser' }, { read: true });
    const missed = once(h.desktop.controller, 'missed', { timeoutMs: 5_000 });
    h.transport().setConnection({ state: 'connected', transport: 'socket.io', protocol: 'fake' });
    await missed;
    const raised = h.electron.notifications.slice(before).map((n) => n.options.title);
    assert.deepEqual(raised, ['3 notifications while you were offline']);
    const listed = (await h.invoke('history:list', { limit: 10 })) as HistoryPage;
    const titles = listed.items.map((e) => [e.title, e.read]);
    for (const t of unread) assert.ok(titles.some(([title, read]) => title === t && read === false), t);
    assert.ok(titles.some(([title, read]) => title === 'Seen in the browser' && read === true));
  });

  it('a 401 on subscribe asks the user to log in again', async (t) => {
    const h = await harnessFor(t, { laravel, argv: ['echo-tray', '--hidden'] });
    await h.desktop.controller.login(ALICE.email, ALICE.password);
    h.transport().expire(TODO_CHANNEL);
    const prompt = h.electron.notifications.at(-1);
    assert.equal(prompt?.options.title, 'Log in again');
    await microtasks();
    assert.equal(h.desktop.tray.currentState, 'offline');
    assert.match(h.tray().toolTip, /session expired: log in again/);
    assert.ok(h.tray().menu?.find('Session expired: log in again…'));
    prompt?.click();
    assert.equal((await h.windowLoaded()).visible, true);
    const state = (await h.invoke('app:state')) as AppState;
    assert.equal(state.session.state, 'expired');
  });

  it('speaks the system\'s language (Chinese here) in the tray and prompts, and switches at once with the setting', async (t) => {
    const chinese = (electron: FakeElectron): void => void (electron.app.preferredSystemLanguages = ['zh-CN', 'en-US']);
    const h = await harnessFor(t, { laravel, argv: ['echo-tray', '--hidden'], beforeStart: chinese });
    await microtasks();
    assert.equal(h.tray().toolTip, 'Echo Tray：未登录');
    assert.ok(h.tray().menu?.find('打开 Echo Tray'));
    await h.desktop.controller.login(ALICE.email, ALICE.password);
    h.transport().expire(TODO_CHANNEL);
    assert.equal(h.electron.notifications.at(-1)?.options.title, '请重新登录');
    await microtasks();
    assert.ok(h.tray().menu?.find('登录已过期：重新登录…'));
    h.desktop.controller.updateSettings({ language: 'en' });
    await microtasks();
    assert.ok(h.tray().menu?.find('Session expired: log in again…'), 'the menu is rebuilt in English without a restart');
    assert.match(h.tray().toolTip, /^Echo Tray: session expired/);
  });

  it('login over IPC keeps the token only encrypted; a restart resumes it; logout forgets it', async (t) => {
    const h = await startHarness({ laravel });
    let restarted: Harness | undefined;
    t.after(async () => {
      await (restarted ?? h).stop();
    });
    await h.login();
    const file = await readFile(h.storePath, 'utf8');
    const stored = JSON.parse(file) as { session?: { scheme: string; ciphertext: string } };
    assert.equal(stored.session?.scheme, 'safeStorage');
    const token = laravel.issueToken(ALICE.id);
    const [header] = token.split('.');
    assert.ok(header && !file.includes(header), 'no JWT in the store file');
    assert.ok(!file.includes(ALICE.email), 'the email is inside the ciphertext too');
    const state = (await h.invoke('app:state')) as AppState;
    assert.equal(state.session.tokenStorage, 'encrypted');
    assert.ok(!JSON.stringify(state).includes('eyJ'), 'the window never sees the token');

    await h.stop({ keepFiles: true });
    restarted = await startHarness({ laravel, restartOf: h });
    assert.equal(restarted.desktop.controller.sessionState.state, 'logged-in', 'resumed from safeStorage without the password');
    await restarted.windowLoaded();
    await restarted.invoke('session:logout');
    const after = JSON.parse(await readFile(restarted.storePath, 'utf8')) as Record<string, unknown>;
    assert.equal(after.session, undefined);
  });

  it('Linux without a keyring (basic_text): the token storage is "weak" and the user is warned once', async (t) => {
    const h = await harnessFor(t, { laravel, beforeStart: (e) => (e.safeStorage.backend = 'basic_text') });
    await h.login();
    const state = (await h.invoke('app:state')) as AppState;
    assert.equal(state.session.tokenStorage, 'weak');
    const warnings = h.electron.notifications.filter((n) => /without encryption/.test(n.options.title ?? ''));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.options.body ?? '', /GNOME Keyring or KWallet/);
  });

  it('the start-at-login setting writes and removes the XDG autostart entry (started hidden)', async (t) => {
    const h = await harnessFor(t, { laravel });
    const entry = join(h.dir, 'config', 'autostart', 'echo-tray.desktop');
    await h.windowLoaded();
    await h.invoke('settings:update', { autoStart: true });
    await h.desktop.autostartSettled();
    const text = await readFile(entry, 'utf8');
    assert.match(text, /^Exec=\/opt\/echo-tray\/echo-tray \/opt\/echo-tray\/resources\/app.asar --hidden$/m);
    await h.invoke('settings:update', { autoStart: false });
    await h.desktop.autostartSettled();
    await assert.rejects(readFile(entry, 'utf8'), { code: 'ENOENT' });
  });

  it('the history page the window asks for comes over IPC', async (t) => {
    const h = await harnessFor(t, { laravel });
    await h.login();
    await h.deliver('poster_room', 'backend_poster', { msg: 'hello' });
    const page = (await h.invoke('history:list', { limit: 10 })) as HistoryPage;
    assert.deepEqual(page.items.map((i) => i.body), ['hello']);
  });
});
