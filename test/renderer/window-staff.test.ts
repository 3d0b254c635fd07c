import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ALICE, BOB } from '../support/stack.js';
import { launchChromium, screenshot, watchPage, type PageWatch } from './support/browser.js';
import { channelsIn, startPreviewStack, type PreviewStack } from './support/preview-stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const WAIT = { timeout: 5_000 };
const ROW_HEIGHT = 78;
type Box = { x: number; y: number; width: number; height: number };
const LONG_TITLE = 'A very long title that a customer-service employee must be able to read in full, word for word, without hovering';
const LONG_BODY = 'The body is long too: it goes on and on, with the order number 1024, the customer\'s name and what they asked for.';
/** The page's elements, seen from Node (no DOM types here). */
type Shown = { textContent: string | null; scrollWidth: number; clientWidth: number };

/** Issue 16: the window as staff use it — a plain banner with Retry, small and wide windows, a fresh window for the next user. */
describe('the window for staff, in headless Chromium against the preview (real redis-server, Redis mode)', () => {
  let env: PreviewStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
  const row = (title: string) => page.locator('[role="option"]').filter({ has: page.locator('.row-title', { hasText: title }) });
  const box = async (selector: string): Promise<Box> => {
    const found = await page.locator(selector).boundingBox();
    assert.ok(found, `${selector} is laid out`);
    return found;
  };

  async function logIn(user: { email: string; password: string }): Promise<void> {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await tab('History').waitFor(WAIT);
  }

  before(async () => {
    [env, browser] = await Promise.all([
      startPreviewStack({ channels: ['private-todoevent.updated.{userId}', 'poster_room'] }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 420, height: 600 }, locale: 'en-US' });
    watch = watchPage(page);
    await page.goto(env.preview.url);
    await logIn(ALICE);
    await channelsIn(env.preview, [MINE, 'poster_room'], 'subscribed');
    // Each sample its own row here: grouping bursts into one row is the staff-window test's subject.
    await env.preview.controller.handle('settings:update', [{ coalesce: { enabled: false } }]);
    for (let i = 1; i <= 8; i++) {
      const data = { title: `Poster ${i}`, msg: `Poster number ${i}` };
      await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data });
    }
    const url = `${env.stack.laravel.url}/posters/1`;
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: LONG_TITLE, msg: LONG_BODY, url } });
    await row('A very long title').waitFor(WAIT);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('at 420×600 the filters fold behind "Filters", the banner is one line, and the list keeps most of the window', async () => {
    assert.equal(await page.getByLabel('Channel', { exact: true }).isVisible(), false, 'the filters are folded away');
    const list = await box('[role="listbox"]');
    assert.ok(list.height >= 4 * ROW_HEIGHT, `room for at least 4 rows, got ${list.height}px`);
    assert.ok((await box('.banner')).height <= 36, 'the banner is one line');
    await screenshot(page, 'small-filters-folded-en');

    const toggle = page.getByRole('button', { name: 'Filters' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.getByLabel('Unread only').check();
    await page.getByRole('button', { name: 'Filters (1)' }).waitFor(WAIT);
    await screenshot(page, 'small-filters-open-en');
    await page.getByLabel('Unread only').uncheck();
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    assert.equal(await page.getByLabel('Channel', { exact: true }).isVisible(), false);
  });

  it('a selected item shows in full (nothing cut), with who and when in words and the technical part folded', async () => {
    await row('A very long title').click();
    const title = page.locator('.detail-title');
    await title.waitFor(WAIT);
    const words = await title.evaluate((e: Shown) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth + 1 }));
    assert.deepEqual(words, { text: LONG_TITLE, cut: false });
    assert.equal(await page.locator('.detail-body').textContent(), LONG_BODY);
    assert.match((await page.locator('.detail-facts').first().textContent()) ?? '', /^Frombackend_posterReceived|^Fromposter_roomReceived/);
    assert.equal(await page.locator('.detail-technical').getAttribute('open'), null);
    assert.equal(await page.locator('.detail-technical .detail-code').first().isVisible(), false, 'the raw channel is folded away');
    assert.equal(await page.locator('.detail-note').count(), 0, 'no warning for an item that can be opened');
    await screenshot(page, 'small-details-en');
    await page.keyboard.press('Escape');
    await row('Poster 3').click();
    assert.equal(await page.locator('.detail-note').count(), 0, 'no warning when there is simply no link');
    assert.equal(await page.getByRole('button', { name: 'Open in browser' }).isVisible(), false, 'nothing to open');
    await page.keyboard.press('Escape');
  });

  it('on a wide window the details show beside the list, not over it', async (t) => {
    await page.setViewportSize({ width: 1200, height: 720 });
    await row('A very long title').click();
    await page.locator('.detail:not([hidden])').waitFor(WAIT);
    const list = await box('[role="listbox"]');
    const detail = await box('.detail');
    assert.ok(detail.x >= list.x + list.width - 1, `details at x=${detail.x}, list ends at ${list.x + list.width}`);
    assert.ok(list.width >= 500, 'the list keeps its width');
    await page.locator('[role="listbox"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.detail-title', { hasText: /^Poster 8$/ }).waitFor(WAIT);
    const focusedRole = await page.evaluate('document.activeElement && document.activeElement.getAttribute("role")');
    assert.equal(focusedRole, 'listbox', 'the focus stays in the list');
    await page.keyboard.press('ArrowUp');
    await page.locator('.detail-title', { hasText: /^A very long title/ }).waitFor(WAIT);
    await screenshot(page, 'wide-details-beside-en');
    await page.keyboard.press('Escape');
    await page.locator('.detail').waitFor({ state: 'hidden', ...WAIT });
    await page.setViewportSize({ width: 420, height: 600 });

    const zh = await browser.newPage({ viewport: { width: 1200, height: 720 }, locale: 'zh-CN' });
    t.after(async () => {
      await zh.close();
    });
    await zh.goto(env.preview.url);
    await zh.locator('[role="option"]').filter({ hasText: 'A very long title' }).click();
    await zh.getByRole('button', { name: '在浏览器中打开' }).waitFor(WAIT);
    await zh.locator('.detail-technical summary', { hasText: '技术详情' }).click();
    await screenshot(zh, 'wide-details-beside-zh-CN');
  });

  it('offline: "Offline, retrying in N s", advice in plain words, Retry reconnects now; the technical line is under Details', async (t) => {
    const retries: string[] = [];
    const controller = env.preview.controller;
    const reconnectNow = controller.reconnectNow.bind(controller);
    controller.reconnectNow = (reason: string): void => {
      retries.push(reason);
      reconnectNow(reason);
    };
    t.after(() => {
      controller.reconnectNow = reconnectNow;
    });
    await env.stack.redis.kill9();
    await page.locator('.banner-text', { hasText: /^Offline, retrying in \d+ s$/ }).waitFor(WAIT);
      const advice = 'The server can\'t be reached. Check your network; Echo Tray keeps trying.';
    await page.locator('.banner-advice', { hasText: advice }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Connection details' }).click();
    assert.match((await page.locator('.banner-technical').textContent()) ?? '', /^redis:\/\/127\.0\.0\.1:\d+\/? via redis/);
    await screenshot(page, 'small-banner-offline-en');
    // Retry while the server is still down (it stays offline, so the button stays): a reconnect is asked for at once.
    await page.getByRole('button', { name: 'Retry connecting now' }).click();
    assert.deepEqual(retries, ['retry from the window']);
    await env.stack.redis.restart();
    await page.locator('.banner-text', { hasText: /^Connected$/ }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('button', { name: 'Retry connecting now' }).isVisible(), false, 'no Retry when connected');
  });

  it('logout resets every view: Bob sees nothing of Alice\'s search, filters, selection, forms or errors', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('Poster');
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Unread only').check();
    await row('Poster 2').click();
    await page.locator('.detail:not([hidden])').waitFor(WAIT);
    await tab('Channels').click();
    await page.getByLabel('Channel name').fill('half-typed');
    await page.getByLabel('Type').selectOption('presence');
    await page.getByLabel('Channel name').fill('bad name!');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('alert').filter({ hasText: 'A channel name uses letters' }).waitFor(WAIT);

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('button', { name: 'Log out, keep my history here' }).click();
    await page.getByRole('heading', { name: 'Log in to Acme test' }).waitFor(WAIT);
    await logIn(BOB);
    assert.equal(await tab('History').getAttribute('aria-selected'), 'true', 'Bob starts on the history');
    assert.equal(await page.getByRole('searchbox', { name: 'Search' }).inputValue(), '');
    assert.equal(await page.locator('.detail').isHidden(), true, 'no selection shown');
    assert.equal(await page.getByRole('button', { name: 'Filters', exact: true }).getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByLabel('Unread only').isChecked(), false);
    await tab('Channels').click();
    assert.equal(await page.getByLabel('Channel name').inputValue(), '');
    assert.equal(await page.getByLabel('Type').inputValue(), 'public');
    assert.equal(await page.locator('.add-channel .form-error').textContent(), '');
    assert.deepEqual(watch.errors, []);
  });
});
