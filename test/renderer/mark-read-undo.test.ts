import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ALICE } from '../support/stack.js';
import { launchChromium, watchPage } from './support/browser.js';
import { channelsIn, startPreviewStack, type PreviewStack } from './support/preview-stack.js';

const WAIT = { timeout: 5_000 };
/** renderer/history/mark-read-bar.ts UNDO_MS, as staff experience it. */
const UNDO_MS = 8_000;

/** The Undo after "Mark N as read" lasts 8 s on the page's clock (Playwright's fake timers), then gives the focus back. */
describe('Undo after "Mark N as read" times out, in headless Chromium with a paused page clock', () => {
  let env: PreviewStack;
  let browser: Browser;

  before(async () => {
    [env, browser] = await Promise.all([startPreviewStack({ channels: ['poster_room'] }, { login: ALICE.id }), launchChromium()]);
    await channelsIn(env.preview, ['poster_room'], 'subscribed');
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: 'Poster one' } });
  });
  after(async () => {
    await browser.close();
    await env.stop();
  });

  it('Undo stays for 8 s and not a millisecond less; then it goes, the message clears and the focus returns to Mark', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 }, locale: 'en-US' });
    const watch = watchPage(page);
    await page.clock.install();
    await page.goto(env.preview.url);
    await page.locator('[role="option"]', { hasText: 'Poster one' }).waitFor(WAIT);
    await page.clock.pauseAt(Date.now() + 60_000);

    await page.getByRole('button', { name: 'Mark 1 as read' }).click();
    await page.locator('.mark-bar [role="status"]', { hasText: 'Marked 1 as read.' }).waitFor(WAIT);
    const undo = page.getByRole('button', { name: 'Undo' });
    await undo.focus();
    await page.clock.runFor(UNDO_MS - 1);
    assert.equal(await undo.isVisible(), true, 'still offered just before 8 s');
    await page.clock.runFor(1);
    await undo.waitFor({ state: 'hidden', ...WAIT });
    assert.equal(await page.locator('.mark-bar [role="status"]').textContent(), '');
    const focused = await page.evaluate('document.activeElement && document.activeElement.textContent');
    assert.equal(focused, 'Nothing to mark as read', 'the focus goes back to the Mark button, not to the page');
    assert.equal(env.preview.history.unreadCount(), 0, 'the mark stands');
    assert.deepEqual(watch.errors, []);
    await page.close();
  });
});
