import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { gapEntry } from '../../app/history/gap-entry.js';
import { collect, type Collector } from '../support/events.js';
import { notificationPayload } from '../support/laravel-broadcast.js';
import { ALICE, BOB } from '../support/stack.js';
import { launchChromium, screenshot, watchPage, type PageWatch } from './support/browser.js';
import { channelsIn, startPreviewStack, type PreviewStack } from './support/preview-stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const BOBS = `private-todoevent.updated.${BOB.id}`;
const LOBBY = 'presence-chat.lobby';
const WAIT = { timeout: 5_000 };
/** The page's window, seen from Node (no DOM types here). */
type StyleWindow = { getComputedStyle(element: unknown): { unicodeBidi: string } };

describe('the window in headless Chromium, against the preview (real redis-server, Redis mode)', () => {
  let env: PreviewStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let opens: Collector<[string]>;

  const row = (title: string) => page.locator('[role="option"]').filter({ has: page.locator('.row-title', { hasText: title }) });
  const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
  const titles = () => page.locator('[role="option"] .row-title').allTextContents();
  const focused = (attr: string) => page.evaluate(`document.activeElement && document.activeElement.getAttribute(${JSON.stringify(attr)})`);
  const exactly = (name: string): RegExp => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const channelCard = (name: string) => page.locator('.channel').filter({ has: page.locator('.channel-name', { hasText: exactly(name) }) });

  before(async () => {
    [env, browser] = await Promise.all([
      startPreviewStack({
        channels: ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}', 'poster_room', BOBS, LOBBY],
        rules: [{ event: '.TodoEventUpdated', title: 'Todo: {{todo.title}}', body: '{{todo.note}}', url: '/todos/{{todo.id}}' }],
      }),
      launchChromium(),
    ]);
    opens = collect<[string]>(env.preview.opener, 'open');
    page = await browser.newPage({ viewport: { width: 980, height: 700 }, locale: 'en-US' });
    watch = watchPage(page);
  });

  after(async () => {
    opens?.stop();
    await browser?.close();
    await env?.stop();
  });

  it('shows the login with the server name, and says what went wrong: wrong password, Laravel unreachable', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(env.preview.url);
    await page.getByRole('heading', { name: 'Log in to Acme test' }).waitFor(WAIT);
    assert.equal(await page.locator('.login-server').textContent(), `Server address: ${env.stack.laravel.url}`);
    await screenshot(page, 'login-light');

    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill('not-her-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor(WAIT);

    env.stack.laravel.setDown('reset');
    try {
      await page.getByLabel('Password').fill(ALICE.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Cannot reach Acme test' }).waitFor(WAIT);
    } finally {
      env.stack.laravel.setDown(false);
    }
    assert.match((await page.locator('.alert-detail').textContent()) ?? '', /cannot reach http:\/\/127\.0\.0\.1:\d+/);
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'login-error-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('logs in; a refused channel shows 403, presence shows who is there, events appear as they are published', async () => {
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await tab('History').waitFor(WAIT);
    await channelsIn(env.preview, [MINE, NOTIFY, 'poster_room', LOBBY], 'subscribed');
    // Each item is its own row here, however fast the steps run (folding bursts: staff-window.test.ts).
    await env.preview.controller.handle('settings:update', [{ coalesce: { enabled: false } }]);

    await tab('Channels').click();
    await channelCard(BOBS).locator('.badge', { hasText: 'Refused (403)' }).waitFor(WAIT);
    await channelCard('poster_room').locator('.badge', { hasText: 'Subscribed' }).waitFor(WAIT);
    await channelCard(LOBBY).locator('.member', { hasText: `Alice (${ALICE.id})` }).waitFor(WAIT);
    await page.locator('.banner-text', { hasText: /^Connected$/ }).waitFor(WAIT);
    const technical = (await page.locator('.banner').getAttribute('title')) ?? '';
    assert.match(technical, /^redis:\/\/127\.0\.0\.1:\d+\/? via redis pub\/sub/, 'the technical line is the tooltip');

    await tab('History').click();
    await env.publisher.publish({
      channels: ['poster_room'],
      event: 'backend_poster',
      data: { title: 'Poster approved', msg: 'Spring sale poster is live', url: `${env.stack.laravel.url}/posters/7` },
    });
    await row('Poster approved').waitFor(WAIT);
    await env.publisher.publish({
      channels: [MINE],
      event: 'App\\Events\\TodoEventUpdated',
      data: { todo: { id: 42, title: 'Ship the tray app', note: 'Moved to Done by Bob' } },
    });
    await env.publisher.publish(notificationPayload(
      ALICE.id,
      'App\\Notifications\\InvoicePaid',
      { message: 'Invoice #1024 was paid', url: `${env.stack.laravel.url}/invoices/1024` },
    ));
    await env.publisher.publish({ channels: [BOBS], event: 'App\\Events\\TodoEventUpdated', data: { todo: { id: 9, title: 'Bob only' } } });
    await env.publisher.publish({
      channels: ['poster_room'],
      event: 'backend_poster',
      data: { title: 'Bad link', msg: 'Its link is a script', url: 'javascript:alert(document.domain)' },
    });
    await row('Bad link').waitFor(WAIT);

    assert.deepEqual(
      await titles(),
      ['Bad link', 'Invoice paid', 'Todo: Ship the tray app', 'Poster approved'],
      'newest first; Bob\'s channel never reaches Alice',
    );
    assert.equal(await page.locator('[role="option"].unread').count(), 4, 'every new item is marked unread');
    assert.equal(await tab('History').locator('.count').textContent(), '4 unread');
    assert.equal(await page.getByRole('tab', { name: 'History 4 unread' }).count(), 1, 'the count is read with its meaning');
    const time = row('Poster approved').locator('time');
    assert.equal(await time.textContent(), 'just now');
    assert.match((await time.getAttribute('title')) ?? '', /\d{4}/, 'the exact time is on hover');
    await screenshot(page, 'history-light');
  });

  it('a click selects an item and shows it in full; "Open in browser" opens exactly its URL and marks it read', async () => {
    assert.equal(await row('Poster approved').getByRole('img', { name: 'Has a link' }).count(), 1, 'a row with a link says so');
    await row('Poster approved').click();
    await page.locator('.detail:not([hidden])').waitFor(WAIT);
    assert.equal(env.preview.opener.opened.length, 0, 'selecting opens nothing');
    assert.equal(await page.locator('.detail-title').textContent(), 'Poster approved');
    assert.equal(await page.locator('.detail-body').textContent(), 'Spring sale poster is live');
    await page.locator('[role="option"]:not(.unread)').filter({ hasText: 'Poster approved' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Open in browser' }).click();
    const [url] = await opens.waitFor((u) => u.includes('/posters/7'));
    assert.equal(url, `${env.stack.laravel.url}/posters/7`);
    await page.locator('.detail-message', { hasText: 'Opened in your browser.' }).waitFor(WAIT);
    assert.ok(env.printed.includes(`open in the browser: ${env.stack.laravel.url}/posters/7`), env.printed.join('\n'));
    await page.keyboard.press('Escape');
    await page.locator('.detail').waitFor({ state: 'hidden', ...WAIT });

    // Keyboard: the list takes focus, arrows move, Enter selects, "o" opens.
    await page.locator('[role="listbox"]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.detail-title', { hasText: 'Invoice paid' }).waitFor(WAIT);
    assert.equal(await focused('id'), 'detail-title', 'the details take the focus: a screen reader reads them');
    await page.keyboard.press('o');
    await opens.waitFor((u) => u.endsWith('/invoices/1024'));
    await page.keyboard.press('Escape');
    assert.equal(await focused('role'), 'listbox');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+Enter');
    await opens.waitFor((u) => u.endsWith('/todos/42'));

    await page.keyboard.press('Escape');
    const before = env.preview.opener.opened.length;
    await row('Bad link').click();
    await page.getByRole('button', { name: 'Open in browser' }).click();
    await page.locator('.detail-note', { hasText: 'Link not opened: links of type "javascript:" are never opened.' }).waitFor(WAIT);
    assert.equal(await page.locator('.detail-technical').getAttribute('open'), null, 'technical details start folded');
    await page.locator('.detail-technical summary').click();
    assert.equal(await page.locator('.detail-url').textContent(), 'javascript:alert(document.domain)', 'the link is shown as text');
    assert.equal(env.preview.opener.opened.length, before, 'a javascript: link is never handed to the browser');
    assert.deepEqual(watch.dialogs, []);
    await screenshot(page, 'history-detail-light');
    await page.keyboard.press('Escape');
    await page.locator('.detail').waitFor({ state: 'hidden', ...WAIT });
  });

  it('shows markup from a payload as inert text: nothing renders, nothing runs', async () => {
    const title = '<img src=x onerror="window.__pwned=1;alert(1)"><b>Bold?</b>';
    const body = '<script>window.__pwned=2;alert(2)</script><a href="javascript:alert(3)">click</a> & <i>friends</i>';
    await env.publisher.publish({
      channels: ['poster_room'],
      event: 'backend_poster',
      data: { title, msg: body, url: `${env.stack.laravel.url}/posters/8` },
    });
    const item = page.locator('[role="option"]').filter({ has: page.locator('.row-title', { hasText: '<img src=x' }) });
    await item.waitFor(WAIT);
    assert.equal(await item.locator('.row-title').textContent(), title);
    assert.equal(await item.locator('.row-body').textContent(), body);
    assert.equal(await item.locator('.row-body').getAttribute('title'), body);
    assert.equal(await page.locator('#app img, #app script, #app b, #app i, #app a').count(), 0, 'no element came from the payload');
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(watch.dialogs, []);
  });

  it('searches titles and text, and filters by channel', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('invoice #1024');
    await page.locator('.summary', { hasText: '1 notification matches “invoice #1024”' }).waitFor(WAIT);
    assert.deepEqual(await titles(), ['Invoice paid']);
    await search.fill('TRAY APP');
    await page.locator('.summary', { hasText: '1 notification matches “TRAY APP”' }).waitFor(WAIT);
    assert.deepEqual(await titles(), ['Todo: Ship the tray app']);
    await search.fill('nothing like this');
    await page.locator('.empty', { hasText: 'No notification matches “nothing like this”.' }).waitFor(WAIT);
    await search.fill('');
    await page.getByLabel('Channel', { exact: true }).selectOption('poster_room');
    await page.locator('.summary', { hasText: /^3 notifications match$/ }).waitFor(WAIT);
    assert.deepEqual(await titles(), ['<img src=x onerror="window.__pwned=1;alert(1)"><b>Bold?</b>', 'Bad link', 'Poster approved']);

    // A live event on another channel does not slip into the filtered list; one on the channel does.
    const notAPoster = { todo: { id: 43, title: 'Not a poster' } };
    await env.publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: notAPoster });
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: 'Second poster', msg: 'Summer' } });
    await row('Second poster').waitFor(WAIT);
    assert.equal(await row('Todo: Not a poster').count(), 0);
    await page.getByLabel('Channel', { exact: true }).selectOption('');
    await row('Todo: Not a poster').waitFor(WAIT);
  });

  it('marks everything read', async () => {
    const unread = await page.locator('[role="option"].unread').count();
    assert.ok(unread > 0);
    await page.getByRole('button', { name: `Mark ${unread} as read` }).click();
    await page.locator('.summary', { hasText: '· 0 unread' }).waitFor(WAIT);
    assert.equal(await page.locator('[role="option"].unread').count(), 0);
    assert.equal(await tab('History').locator('.count').isHidden(), true);
    assert.equal(env.preview.history.unreadCount(), 0);
    const said = page.locator('.mark-status');
    assert.match((await said.textContent()) ?? '', /^Marked \d+ as read\.$/);
    await tab('Channels').click();
    await tab('History').click();
    assert.equal(await said.textContent(), '', 'the message does not follow the user to another view and back');
  });

  it('shows a connection gap as "Offline 09:12–09:40", read, between the notifications', async () => {
    const gap = gapEntry({ from: new Date(2026, 10, 23, 9, 12), to: new Date(2026, 10, 23, 9, 40) });
    assert.equal(env.preview.history.append(gap, true), true);
    const gapRow = page.locator('[role="option"] .row-gap');
    await gapRow.waitFor(WAIT);
    assert.match((await gapRow.locator('.row-title').textContent()) ?? '', /^Offline 09:12–09:40$/);
    assert.equal(await page.locator('[role="option"].unread').count(), 0, 'a gap is not something to read');
  });

  it('adds, mutes and removes a channel; a profile channel cannot be removed', async () => {
    await tab('Channels').click();
    await page.getByLabel('Type').selectOption('private');
    await page.getByLabel('Channel name').fill('todoevent.updated.{userId}');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('alert').filter({ hasText: 'You already receive this channel.' }).waitFor(WAIT);
    await page.getByLabel('Channel name').fill('orders.{userId}');
    assert.equal(await page.locator('.add-channel .form-error').textContent(), '', 'the error clears on the next action');
    await page.keyboard.press('Enter');
    await page.locator('.add-channel .form-status', { hasText: `Added orders.${ALICE.id}.` }).waitFor(WAIT);
    await page.getByRole('button', { name: `Remove orders.${ALICE.id}` }).click();
    await page.locator('.add-channel .form-status', { hasText: `Removed orders.${ALICE.id}.` }).waitFor(WAIT);

    await page.getByLabel('Type').selectOption('presence');
    await page.getByLabel('Channel name').fill('chat.support');
    await page.keyboard.press('Enter');
    await channelCard('presence-chat.support').locator('.badge', { hasText: 'Subscribed' }).waitFor(WAIT);
    await channelCard('presence-chat.support').locator('.tag', { hasText: 'Added by you' }).waitFor(WAIT);

    await page.getByRole('button', { name: 'Mute poster_room' }).click();
    await channelCard('poster_room').locator('.tag', { hasText: 'Muted' }).waitFor(WAIT);
    const muted = 'Muted poster_room: it is still recorded in the history.';
    await channelCard('poster_room').locator('.channel-note', { hasText: muted }).waitFor(WAIT);
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: 'Quiet poster' } });
    await row('Quiet poster').waitFor({ state: 'attached', ...WAIT });
    assert.ok(env.printed.includes('notification (muted: no pop-up): Quiet poster  [poster_room]'), env.printed.join('\n'));
    assert.equal(await page.getByRole('button', { name: 'Remove poster_room' }).count(), 0, 'profile channels are not removable');
    await screenshot(page, 'channels-light');
    await channelCard(LOBBY).scrollIntoViewIfNeeded();
    await screenshot(page, 'channels-refused-presence-light');

    await page.getByRole('button', { name: 'Unmute poster_room' }).click();
    await channelCard('poster_room').locator('.tag', { hasText: 'Muted' }).waitFor({ state: 'detached', ...WAIT });
    await page.getByRole('button', { name: 'Remove chat.support' }).click();
    await channelCard('presence-chat.support').waitFor({ state: 'detached', ...WAIT });
  });

  it('changes settings, and the theme follows; everything saved goes through the bridge', async () => {
    await tab('Settings').click();
    await page.getByLabel('Silence pop-ups during quiet hours').check();
    await page.getByLabel('From').fill('21:30');
    await page.getByLabel('From').blur();
    await page.getByLabel('Start Echo Tray when I log in to this computer').check();
    await page.getByLabel('Group bursts into one summary notification').check();
    await page.getByLabel('More than (notifications)').fill('5');
    await page.getByLabel('More than (notifications)').blur();
    await page.getByLabel('Dark').check();
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached', ...WAIT });
    const settings = env.preview.controller.settings;
    assert.deepEqual(
      {
        quiet: settings.quietHours.enabled,
        start: settings.quietHours.start,
        autoStart: settings.autoStart,
        threshold: settings.coalesce.threshold,
        theme: settings.theme,
      },
      { quiet: true, start: '21:30', autoStart: true, threshold: 5, theme: 'dark' },
    );
    await page.getByLabel('Within (seconds)').fill('0');
    await page.getByLabel('Within (seconds)').blur();
    const words = 'Not saved: the coalescing window must be between 1 and 600 seconds. The saved value (10) is back.';
    const refused = page.getByRole('alert').filter({ hasText: words });
    await refused.waitFor(WAIT);
    assert.equal(await page.getByLabel('Within (seconds)').inputValue(), '10', 'the control shows the saved value again');
    const card = page.locator('fieldset', { has: page.getByLabel('Within (seconds)') });
    assert.equal(await card.locator('.form-error').count(), 1, 'the error is beside the field');
    assert.equal(await page.getByLabel('Within (seconds)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Within (seconds)').getAttribute('aria-errormessage'), await refused.getAttribute('id'));
    assert.equal(await focused('type'), 'number', 'the field has the focus');
    await screenshot(page, 'settings-dark');

    await tab('Channels').click();
    await screenshot(page, 'channels-dark');
    await tab('History').click();
    await screenshot(page, 'history-dark');
    await tab('Settings').click();
    await page.getByLabel('Light').check();
    await page.locator('html[data-theme="light"]').waitFor({ state: 'attached', ...WAIT });
    await screenshot(page, 'settings-light');
  });

  it('is usable from the keyboard: tabs with arrows, "/" to search', async () => {
    await tab('Settings').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await tab('History').getAttribute('aria-selected'), 'true');
    assert.equal(await focused('id'), 'tab-history');
    await page.keyboard.press('ArrowRight');
    assert.equal(await tab('Channels').getAttribute('aria-selected'), 'true');
    await page.keyboard.press('/');
    assert.equal(await tab('History').getAttribute('aria-selected'), 'true');
    assert.equal(await focused('type'), 'search');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused('role'), 'listbox');
  });

  it('shows bidi overrides neither in effect nor at all, and isolates payload text from its neighbours (issue 12.2)', async () => {
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: 'Quarterly \u202Egnp.exe',
      msg: 'a\u2066b\u009Bc', url: `${env.stack.laravel.url}/posters/9` } });
    const item = row('Quarterly');
    await item.waitFor(WAIT);
    assert.equal(await item.locator('.row-title').textContent(), 'Quarterly gnp.exe');
    assert.equal(await item.locator('.row-body').textContent(), 'abc');
    for (const part of ['.row-title', '.row-body', '.row-channel']) {
      assert.equal(await item.locator(part).evaluate((e) => (globalThis as unknown as StyleWindow).getComputedStyle(e).unicodeBidi),
        'isolate', part);
      assert.equal(await item.locator(part).getAttribute('dir'), 'auto', part);
    }
  });

  it('logs out back to the login form, keeping the history when asked to', async () => {
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.locator('#logout-choice').isHidden(), true);
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('button', { name: 'Log out, keep my history here' }).click();
    await page.getByRole('heading', { name: 'Log in to Acme test' }).waitFor(WAIT);
    assert.equal(env.preview.controller.sessionState.state, 'logged-out');
    assert.equal(await page.getByLabel('Email').inputValue(), '', 'the next person starts from an empty form');
    assert.ok(existsSync(env.preview.history.pathFor(String(ALICE.id))), 'kept on this computer');
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.dialogs, []);
  });

  it('"forget this computer" at logout deletes the user\'s history here (issue 12.1)', async () => {
    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out', exact: true }).waitFor(WAIT);
    assert.ok((await titles()).length > 0, 'her history is back');
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('button', { name: 'Log out and forget this computer' }).click();
    await page.getByRole('heading', { name: 'Log in to Acme test' }).waitFor(WAIT);
    assert.equal(existsSync(env.preview.history.pathFor(String(ALICE.id))), false);
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.dialogs, []);
  });
});
