import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seededHistory, seedTitle, SEED_CHANNEL } from '../support/history-seed.js';
import { ALICE } from '../support/stack.js';
import { launchChromium, screenshot, watchPage, type PageWatch } from './support/browser.js';
import { channelsIn, startPreviewStack, type PreviewStack } from './support/preview-stack.js';

const COUNT = 50_000;
const MINE = SEED_CHANNEL;
const WAIT = { timeout: 10_000 };

const order = seedTitle;

describe('50,000 history entries in headless Chromium (virtualized list, paged through history:list)', () => {
  let dir: string;
  let env: PreviewStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  const row = (title: string) => page.locator('[role="option"]').filter({ has: page.locator('.row-title', { hasText: title }) });
  const summary = (text: string) => page.locator('.summary', { hasText: text });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-50k-'));
    const historyPath = join(dir, 'history.jsonl');
    await writeFile(historyPath, seededHistory(COUNT, Date.now()));
    [env, browser] = await Promise.all([
      startPreviewStack({ history: { cap: 60_000 } }, { login: ALICE.id, historyPath }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 980, height: 700 }, locale: 'en-US' });
    watch = watchPage(page);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shows all of them, newest first, with only the visible rows in the page', async () => {
    await page.goto(env.preview.url);
    await summary('50,000 notifications · 3 unread').waitFor(WAIT);
    await row(order(COUNT)).waitFor(WAIT);
    assert.equal(await page.locator('[role="option"]').first().getAttribute('aria-setsize'), String(COUNT));
    const rendered = await page.locator('[role="option"]').count();
    assert.ok(rendered > 5 && rendered < 60, `only the rows on screen exist (${rendered})`);
  });

  it('scrolls to the bottom: the oldest entry shows', async () => {
    await page.locator('[role="listbox"]').evaluate((list: { scrollTop: number; scrollHeight: number }) => {
      list.scrollTop = list.scrollHeight;
    });
    const last = row(order(1));
    await last.waitFor(WAIT);
    assert.equal(await last.getAttribute('aria-posinset'), String(COUNT));
    assert.ok(await last.isVisible());
    assert.ok((await page.locator('[role="option"]').count()) < 60);
    await screenshot(page, 'history-50k-bottom-light');
  });

  it('keeps the place when a live event arrives while scrolled down', async () => {
    await channelsIn(env.preview, [MINE, 'poster_room'], 'subscribed');
    await env.publisher.publish({
      channels: ['poster_room'],
      event: 'backend_poster',
      data: { title: 'Fresh one', msg: 'arrived while reading old ones' },
    });
    await summary('50,001 notifications · 4 unread').waitFor(WAIT);
    assert.ok(await row(order(1)).isVisible(), 'the oldest entry is still in view');
    assert.equal(await row(order(1)).getAttribute('aria-posinset'), String(COUNT + 1));
  });

  it('moves through the whole list from the keyboard', async () => {
    const list = page.locator('[role="listbox"]');
    await list.focus();
    await page.keyboard.press('Home');
    await row('Fresh one').waitFor(WAIT);
    assert.equal(await list.getAttribute('aria-activedescendant'), 'history-row-0');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowDown');
    const active = await list.getAttribute('aria-activedescendant');
    assert.match(active ?? '', /^history-row-\d+$/);
    assert.ok(Number(active?.split('-').pop()) > 2);
    assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('End');
    await row(order(1)).waitFor(WAIT);
    assert.equal(await list.getAttribute('aria-activedescendant'), `history-row-${COUNT}`);
  });

  it('searches and filters all 50,000', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('#012345');
    await summary('1 notification matches “#012345”').waitFor(WAIT);
    await row(order(12345)).waitFor(WAIT);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByLabel('Channel', { exact: true }).selectOption(MINE);
    await summary('25,000 notifications match').waitFor(WAIT);
    await row(order(COUNT - 1)).waitFor(WAIT);
    assert.equal(await row(order(COUNT)).count(), 0, 'an even (poster_room) entry is filtered out');
    assert.deepEqual(watch.errors, []);
  });
});
