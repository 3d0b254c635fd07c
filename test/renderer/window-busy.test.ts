import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ALICE } from '../support/stack.js';
import { BusyProxy } from '../support/busy-proxy.js';
import { launchChromium, screenshot, watchPage } from './support/browser.js';
import { startPreviewStack, type PreviewStack } from './support/preview-stack.js';

const WAIT = { timeout: 10_000 };

/** A relay behind a proxy that answers 503: the window says "server busy", calmly, not "offline". */
describe('the window when the relay\'s proxy is busy (503 on the handshake), in headless Chromium', () => {
  let proxy: BusyProxy;
  let env: PreviewStack;
  let browser: Browser;

  before(async () => {
    proxy = await BusyProxy.start();
    [env, browser] = await Promise.all([
      startPreviewStack({ connection: { broadcaster: 'socket.io', host: proxy.url, socketio: 2 } }, { login: ALICE.id }),
      launchChromium(),
    ]);
  });
  after(async () => {
    await browser.close();
    await env.stop();
    await proxy.stop();
  });

  for (const [locale, text, advice, retry] of [
    [
      'en-US',
      /^Server busy, retrying in \d+ s$/,
      'The server has too much to do right now and asked us to wait. Echo Tray tries again by itself.',
      'Retry connecting now',
    ],
    ['zh-CN', /^服务器繁忙，\d+ 秒后重试$/, '服务器现在太忙，请我们稍等。Echo Tray 会自动重试。', '立即重试连接'],
  ] as const) {
    it(`${locale}: "Server busy, retrying in N s", its advice, no Retry button (it would only ask sooner)`, async (t) => {
      const page = await browser.newPage({ viewport: { width: 420, height: 600 }, locale });
      const watch = watchPage(page);
      t.after(() => page.close());
      await page.goto(env.preview.url);
      await page.locator('.banner-text', { hasText: text }).waitFor(WAIT);
      await page.locator('.banner-advice', { hasText: advice }).waitFor(WAIT);
      assert.equal(await page.getByRole('button', { name: retry }).isVisible(), false, 'no Retry while the server asks us to wait');
      await screenshot(page, `small-banner-busy-${locale === 'en-US' ? 'en' : locale}`);
      assert.deepEqual(watch.errors, []);
    });
  }
});
