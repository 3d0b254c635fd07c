import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { translatorFor } from '../../app/i18n/index.js';
import { ALICE, BOB } from '../support/stack.js';
import { launchChromium, screenshot, watchPage, type PageWatch } from './support/browser.js';
import { channelsIn, startPreviewStack, type PreviewStack } from './support/preview-stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const BOBS = `private-todoevent.updated.${BOB.id}`;
const WAIT = { timeout: 5_000 };
const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Issue 16 for staff: mark what is shown (with Undo), bursts as one row, refused channels hidden, quiet hours visible. */
describe('the window for staff (issue 16) in headless Chromium, against the preview', () => {
  let env: PreviewStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
  const options = () => page.locator('[role="option"]');
  const burstRow = () => page.locator('[role="option"].burst-row');
  const members = () => page.locator('[role="option"].burst-member');
  const channelCard = (name: string) => page.locator('.channel').filter({ has: page.locator('.channel-name', { hasText: exactly(name) }) });
  const activeRowClass = () => page.evaluate(
    'document.getElementById(document.activeElement.getAttribute("aria-activedescendant"))?.className');

  before(async () => {
    [env, browser] = await Promise.all([
      startPreviewStack({
        channels: [
          { name: 'private-todoevent.updated.{userId}', label: { en: 'To-dos', 'zh-CN': '待办' } },
          { name: 'poster_room', label: 'Posters' },
          BOBS,
        ],
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 900, height: 700 }, locale: 'en-US' });
    watch = watchPage(page);
    await page.goto(env.preview.url);
    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await tab('History').waitFor(WAIT);
    await channelsIn(env.preview, [MINE, 'poster_room'], 'subscribed');
    await channelsIn(env.preview, [BOBS], 'denied');
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('folds a burst of 12 into one row "12 updates in To-dos ›" that expands and folds by keyboard and click', async () => {
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: 'Poster one' } });
    for (let i = 1; i <= 12; i++) {
      await env.publisher.publish({ channels: [MINE], event: 'TodoEventUpdated', data: { title: `Todo ${i}` } });
    }
    await burstRow().locator('.row-title', { hasText: '12 updates in To-dos' }).waitFor(WAIT);
    assert.equal(await options().count(), 2, 'the burst and the poster: two rows, not thirteen');
    assert.equal(await burstRow().locator('.row-body').textContent(), 'Todo 12', 'the newest one below');

    await page.locator('[role="listbox"]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await members().nth(11).waitFor(WAIT);
    assert.equal(await burstRow().getAttribute('aria-setsize'), '14', 'the burst\'s row, its 12 updates, the poster');
    assert.match((await burstRow().textContent()) ?? '', /expanded/);
    await screenshot(page, 'staff-burst-expanded-en');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.match(String(await activeRowClass()), /burst-member/);
    await page.keyboard.press('ArrowLeft');
    await members().first().waitFor({ state: 'detached', ...WAIT });
    assert.match(String(await activeRowClass()), /burst-row/, 'Left on one of its entries folds the burst and goes back to its row');
    assert.match((await burstRow().textContent()) ?? '', /collapsed/);
    await page.keyboard.press('ArrowRight');
    await members().nth(11).waitFor(WAIT);
    await burstRow().click();
    await members().first().waitFor({ state: 'detached', ...WAIT });
  });

  it('"Mark 1 as read" marks only what the filter shows; Undo brings it back; "Mark as unread" on a selected item', async () => {
    await page.getByRole('button', { name: 'Mark 13 as read' }).waitFor(WAIT);
    await page.getByLabel('Channel', { exact: true }).selectOption('poster_room');
    await page.getByRole('button', { name: 'Mark 1 as read' }).click();
    await page.locator('.mark-bar [role="status"]', { hasText: 'Marked 1 as read.' }).waitFor(WAIT);
    assert.equal(env.preview.history.unreadCount(), 12, 'the 12 to-dos outside the filter stay unread');
    await page.getByRole('button', { name: 'Nothing to mark as read' }).waitFor(WAIT);
    await screenshot(page, 'staff-marked-undo-en');

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('.mark-bar [role="status"]', { hasText: '1 is unread again.' }).waitFor(WAIT);
    assert.equal(env.preview.history.unreadCount(), 13);
    assert.equal(await page.getByRole('button', { name: 'Undo' }).count(), 0, 'one Undo per mark');
    await page.getByRole('button', { name: 'Mark 1 as read' }).waitFor(WAIT);
    await page.locator('[role="option"].unread', { hasText: 'Poster one' }).waitFor(WAIT);

    await page.getByRole('button', { name: 'Mark 1 as read' }).click();
    await page.locator('[role="listbox"]').focus();
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Mark as unread' }).click();
    await page.locator('.mark-bar [role="status"]', { hasText: 'Marked as unread.' }).waitFor(WAIT);
    assert.equal(env.preview.history.unreadCount(), 13);
    await page.getByLabel('Channel', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Mark 13 as read' }).waitFor(WAIT);
    assert.equal(await page.locator('.mark-bar [role="status"]').textContent(), '', 'a new filter clears the message');
  });

  it('a channel Laravel refused says to ask IT and offers Hide, not Mute; hidden, it leaves the badge and the filter', async () => {
    await tab('Channels').click();
    const refused = channelCard(BOBS);
    await refused.locator('.channel-detail', { hasText: 'You don\'t have access — ask your IT team.' }).waitFor(WAIT);
    assert.equal(await refused.getByRole('button', { name: /^Mute/ }).count(), 0);
    await tab('Channels').locator('.count:not([hidden])', { hasText: /^1 / }).waitFor(WAIT);
    await refused.scrollIntoViewIfNeeded();
    await screenshot(page, 'staff-channel-refused-en');
    await refused.getByRole('button', { name: /^Hide / }).click();
    await refused.waitFor({ state: 'detached', ...WAIT });
    assert.equal(await tab('Channels').locator('.count').isHidden(), true, 'no badge for a hidden channel');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'show-hidden-channels');
    assert.equal(env.preview.controller.state().channels.find((c) => c.channel === BOBS)?.hidden, true);
    await tab('History').click();
    const values = (list: unknown[]): string[] => list.map((o) => (o as { value: string }).value);
    const filter = await page.locator('.toolbar select option').evaluateAll(values);
    assert.ok(!filter.includes(BOBS) && filter.includes('poster_room'), filter.join(', '));

    await tab('Channels').click();
    await page.getByLabel('Show hidden channels (1)').check();
    await channelCard(BOBS).locator('.tag', { hasText: 'Hidden' }).waitFor(WAIT);
    await screenshot(page, 'staff-channel-hidden-shown-en');
    await channelCard(BOBS).getByRole('button', { name: /^Show .* again$/ }).click();
    await channelCard(BOBS).getByRole('button', { name: /^Hide / }).waitFor(WAIT);
    await tab('Channels').locator('.count').waitFor(WAIT);
    assert.equal(await page.locator('#show-hidden-channels').isHidden(), true, 'nothing hidden: no toggle');
  });

  it('a channel waiting out a busy Laravel (429) says so in plain words in both languages; the server\'s words on hover', async (t) => {
    const waiting = 'private-todoevent.updated.777';
    env.stack.laravel.throttleAuth({ perWindow: 0, retryAfterSeconds: 30, windowMs: 60_000 });
    const zh = await browser.newPage({ viewport: { width: 900, height: 700 }, locale: 'zh-CN' });
    t.after(async () => {
      await zh.close();
      env.stack.laravel.throttleAuth(false);
      await env.preview.controller.handle('channels:remove', [waiting]);
    });
    await tab('Channels').click();
    await env.preview.controller.handle('channels:add', [waiting]);
    const card = channelCard(waiting);
    const busy = 'The server is busy. Echo Tray tries again by itself.';
    await card.locator('.channel-detail', { hasText: exactly(busy) }).waitFor(WAIT);
    assert.match((await card.locator('.badge').getAttribute('title')) ?? '', /^server busy, retrying in \d+ s$/);
    assert.equal(await card.locator('.badge').textContent(), 'Pending');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'staff-channel-busy-en');

    await zh.goto(env.preview.url);
    await zh.getByRole('tab', { name: /^频道/ }).click();
    const zhCard = zh.locator('.channel').filter({ has: zh.locator('.channel-name', { hasText: exactly(waiting) }) });
    await zhCard.locator('.channel-detail', { hasText: exactly('服务器繁忙，Echo Tray 会自动重试。') }).waitFor(WAIT);
    assert.equal(await zhCard.locator('.badge').textContent(), '等待中');
  });

  it('the banner says "Paused until …" and "Quiet until …"; the setting says "Silence pop-ups"', async () => {
    const en = translatorFor('en');
    const paused = new Date(Date.now() + 2 * 3_600_000);
    await env.preview.controller.handle('settings:update', [{ pausedUntil: paused.toISOString() }]);
    const pausedText = `Paused until ${en.until(paused, new Date())}: pop-ups are silenced`;
    await page.locator('.banner .quiet-note', { hasText: pausedText }).waitFor(WAIT);
    await screenshot(page, 'staff-banner-paused-en');
    await env.preview.controller.handle('settings:update', [{ pausedUntil: null }]);
    await page.locator('.banner .quiet-note:empty').waitFor({ state: 'attached', ...WAIT });

    const hhmm = (d: Date): string => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const start = new Date(Date.now() - 3_600_000);
    const end = new Date(Date.now() + 3_600_000);
    await tab('Settings').click();
    await page.getByLabel('Silence pop-ups during quiet hours').check();
    await page.getByLabel('From').fill(hhmm(start));
    await page.getByLabel('From').blur();
    await page.getByLabel('Until').fill(hhmm(end));
    await page.getByLabel('Until').blur();
    const quiet = env.preview.controller.state().quiet;
    await page.locator('.banner .quiet-note', { hasText: /^Quiet until .*: pop-ups are silenced$/ }).waitFor(WAIT);
    assert.equal(quiet?.kind, 'quiet-hours');
    const quietText = `Quiet until ${en.until(new Date(quiet.until), new Date())}: pop-ups are silenced`;
    assert.equal(await page.locator('.banner .quiet-note').textContent(), quietText);
    await screenshot(page, 'staff-banner-quiet-en');
  });

  it('the same in Chinese', async () => {
    const zh = await browser.newPage({ viewport: { width: 900, height: 700 }, locale: 'zh-CN' });
    const zhWatch = watchPage(zh);
    await zh.goto(env.preview.url);
    await zh.locator('.banner .quiet-note', { hasText: /^免打扰至 .*：不弹出通知$/ }).waitFor(WAIT);
    await zh.locator('[role="option"].burst-row .row-title', { hasText: '待办：12 条更新' }).waitFor(WAIT);
    await zh.locator('[role="option"].burst-row').click();
    await zh.locator('[role="option"].burst-member').nth(11).waitFor(WAIT);
    await zh.getByRole('button', { name: '将 13 条标为已读' }).waitFor(WAIT);
    await screenshot(zh, 'staff-burst-expanded-zh-CN');
    await zh.getByRole('tab', { name: /^频道/ }).click();
    const zhRefused = zh.locator('.channel').filter({ has: zh.locator('.channel-name', { hasText: exactly(BOBS) }) });
    await zhRefused.locator('.channel-detail', { hasText: '你没有访问权限，请联系 IT 部门。' }).waitFor(WAIT);
    await zhRefused.getByRole('button', { name: '隐藏' }).waitFor(WAIT);
    await zhRefused.scrollIntoViewIfNeeded();
    await screenshot(zh, 'staff-channel-refused-zh-CN');
    await zh.getByRole('tab', { name: /^设置/ }).click();
    await zh.getByLabel('免打扰时段不弹出通知').waitFor(WAIT);
    await screenshot(zh, 'staff-settings-quiet-zh-CN');
    assert.deepEqual(zhWatch.errors, []);
    assert.deepEqual(watch.errors, []);
    await zh.close();
  });
});
