import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { notificationPayload } from '../support/laravel-broadcast.js';
import { ALICE, BOB } from '../support/stack.js';
import { launchChromium, screenshot, watchPage, type PageWatch } from './support/browser.js';
import { channelsIn, startPreviewStack, type PreviewStack } from './support/preview-stack.js';
import { WINDOW_MIN_SIZE } from '../../app/desktop/window-size.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const BOBS = `private-todoevent.updated.${BOB.id}`;
const WAIT = { timeout: 5_000 };
/** The window's minimum size (main/window-manager.ts): nothing may be clipped here. */
const MIN_VIEWPORT = WINDOW_MIN_SIZE;

type Lang = 'en' | 'zh-CN';
type Scheme = 'light' | 'dark';
const COMBOS: readonly { lang: Lang; scheme: Scheme }[] = [
  { lang: 'en', scheme: 'light' },
  { lang: 'en', scheme: 'dark' },
  { lang: 'zh-CN', scheme: 'light' },
  { lang: 'zh-CN', scheme: 'dark' },
];

const WORDS = {
  en: {
    history: 'History',
    channels: 'Channels',
    settings: 'Settings',
    wrong: 'Wrong email or password.',
    email: 'Email',
    password: 'Password',
    logIn: 'Log in',
  },
  'zh-CN': { history: '通知记录', channels: '频道', settings: '设置', wrong: '邮箱或密码错误。', email: '邮箱', password: '密码', logIn: '登录' },
} as const;

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** axe-core in the page (the CSP is bypassed for this context only: the window's own tests keep it). */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const run = 'window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)';
  const violations = await page.evaluate<AxeViolation[]>(run);
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Controls and labels whose text is cut off (ellipsis aside, which has a title or is a long value). */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('button, label, legend, .tab, h1, h2, .badge, .tag, option')]
    .filter((e) => e.offsetParent !== null && getComputedStyle(e).overflow !== 'visible'
      && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
    .map((e) => e.tagName + ': ' + e.textContent.trim())`);
}

describe('accessibility and both languages: axe-core on every view and state, light and dark, English and Chinese', () => {
  let env: PreviewStack;
  let browser: Browser;
  const pages = new Map<string, { context: BrowserContext; page: Page; watch: PageWatch }>();
  const key = (c: { lang: Lang; scheme: Scheme }): string => `${c.lang}-${c.scheme}`;
  const pageFor = (c: { lang: Lang; scheme: Scheme }): Page => {
    const entry = pages.get(key(c));
    if (!entry) throw new Error(`no page for ${key(c)}`);
    return entry.page;
  };
  const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });

  async function check(page: Page, c: { lang: Lang; scheme: Scheme }, state: string): Promise<void> {
    await screenshot(page, `${state}-${c.lang}-${c.scheme}`);
    assert.deepEqual(await axeViolations(page), [], `${state} ${key(c)}`);
    assert.deepEqual(await clipped(page), [], `${state} ${key(c)}: clipped at ${MIN_VIEWPORT.width}×${MIN_VIEWPORT.height}`);
  }

  before(async () => {
    [env, browser] = await Promise.all([
      startPreviewStack({
        channels: [
          { name: 'private-todoevent.updated.{userId}', label: { en: 'My to-dos', 'zh-CN': '我的待办' } },
          'private-App.Models.User.{userId}',
          { name: 'poster_room', label: 'Posters' },
          BOBS,
        ],
        rules: [{ event: '.TodoEventUpdated', title: 'Todo: {{todo.title}}', body: '{{todo.note}}', url: '/todos/{{todo.id}}' }],
      }),
      launchChromium(),
    ]);
    for (const c of COMBOS) {
      const options = { viewport: MIN_VIEWPORT, locale: c.lang, colorScheme: c.scheme, bypassCSP: true, reducedMotion: 'reduce' } as const;
      const context = await browser.newContext(options);
      const page = await context.newPage();
      pages.set(key(c), { context, page, watch: watchPage(page) });
    }
  });

  after(async () => {
    for (const { context, watch } of pages.values()) {
      await context.close();
      assert.deepEqual(watch.errors, []);
    }
    await browser?.close();
    await env?.stop();
  });

  it('login with an error: named by the profile, in the browser\'s language, no axe finding', async () => {
    for (const c of COMBOS) {
      const page = pageFor(c);
      const w = WORDS[c.lang];
      await page.goto(env.preview.url);
      await page.locator('#app[data-ready="true"]').waitFor({ state: 'attached', ...WAIT });
      assert.equal(await page.getAttribute('html', 'lang'), c.lang);
      await page.getByRole('heading', { level: 1, name: c.lang === 'en' ? 'Log in to Acme test' : '登录到 Acme test' }).waitFor(WAIT);
      await page.getByLabel(w.email).fill(ALICE.email);
      await page.getByLabel(w.password).fill('not-her-password');
      await page.getByRole('button', { name: w.logIn }).click();
      await page.getByRole('alert').filter({ hasText: w.wrong }).waitFor(WAIT);
      const focusedType = await page.evaluate('document.activeElement && document.activeElement.getAttribute("type")');
      assert.equal(focusedType, 'password', 'focus goes back to the password');
      await check(page, c, 'login-error');
    }
    const page = pageFor(COMBOS[0] ?? { lang: 'en', scheme: 'light' });
    await page.evaluate('document.querySelector(".login-form").append(Object.assign(document.createElement("button"), { id: "planted" }))');
    assert.match((await axeViolations(page)).join('\n'), /^button-name .*#planted/m, 'axe runs and finds a nameless button');
    await page.evaluate('document.getElementById("planted").remove()');
  });

  it('history empty, then with items, a burst announced once, details open; labels instead of channel names', async () => {
    const login = await env.preview.controller.login(ALICE.email, ALICE.password);
    assert.equal(login.ok, true);
    await channelsIn(env.preview, [MINE, NOTIFY, 'poster_room'], 'subscribed');
    await channelsIn(env.preview, [BOBS], 'denied');
    for (const c of COMBOS) {
      const page = pageFor(c);
      await tab(page, WORDS[c.lang].history).waitFor(WAIT);
      await page.locator('.history .empty:not([hidden])').waitFor(WAIT);
      assert.equal(await page.locator('.header-user').textContent(), ALICE.name, 'the header names who is logged in');
      await check(page, c, 'history-empty');
    }

    await env.publisher.publish(notificationPayload(ALICE.id, 'App\\Notifications\\InvoicePaid', { message: 'Invoice #1024 was paid' }));
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { title: 'Poster saved', body: '新海报已保存' } });
    for (let i = 1; i <= 5; i++) {
      await env.publisher.publish({ channels: [MINE], event: 'TodoEventUpdated', data: { todo: { id: i, title: `Todo ${i}`,
        note: `第 ${i} 项` } } });
    }
    const burst: Record<Lang, string> = { en: '7 new notifications; 7 unread', 'zh-CN': '7 条新通知；7 条未读' };
    for (const c of COMBOS) {
      const page = pageFor(c);
      await page.locator('.summary-row .sr-only[role="status"]', { hasText: burst[c.lang] }).waitFor({ state: 'attached', ...WAIT });
      const channels = await page.locator('[role="option"] .row-channel').allTextContents();
      const labels = c.lang === 'en' ? ['Posters', 'Notifications'] : ['Posters', '通知'];
      assert.deepEqual(new Set(channels), new Set(labels));
      const folded = c.lang === 'en' ? '5 updates in My to-dos' : '我的待办：5 条更新';
      const burstTitles = await page.locator('[role="option"].burst-row .row-title').allTextContents();
      assert.deepEqual(burstTitles, [folded], 'the five to-dos are one row');
      const options = await page.locator('.toolbar select option').allTextContents();
      assert.ok(options.includes(c.lang === 'en' ? 'My to-dos' : '我的待办') && !options.includes(MINE), options.join(', '));
      await check(page, c, 'history');
      await page.locator('[role="option"].burst-row').click();
      await page.locator('[role="option"].burst-member').nth(4).waitFor(WAIT);
      await check(page, c, 'history-burst-expanded');
      await page.locator('[role="option"].burst-row').click();
      await page.locator('[role="option"].burst-member').first().waitFor({ state: 'detached', ...WAIT });
    }

    for (const c of COMBOS) {
      const page = pageFor(c);
      // The preview pushes `push:show-item` to every open page: close what another page's click opened here.
      if (await page.locator('.detail').isVisible()) await page.locator('.detail .detail-head .button').click();
      await page.locator('[role="option"]').filter({ hasText: 'Poster saved' }).click();
      await page.locator('.detail:not([hidden])').waitFor(WAIT);
      await page.waitForFunction('document.activeElement && document.activeElement.id === "detail-title"', undefined, WAIT);
      await page.locator('.detail-technical summary').click();
      const technical = (await page.locator('.detail-technical').textContent()) ?? '';
      assert.ok(technical.includes('poster_room'), 'the raw name is under Technical details');
      await check(page, c, 'history-details');
      await page.keyboard.press('Escape');
      await page.locator('.detail').waitFor({ state: 'hidden', ...WAIT });
      await page.waitForFunction('document.activeElement && document.activeElement.getAttribute("role") === "listbox"', undefined, WAIT);
    }
  });

  it('the banner offline with Retry and its details open (redis-server killed), then connected again', async () => {
    const retry: Record<Lang, string> = { en: 'Retry connecting now', 'zh-CN': '立即重试连接' };
    const details: Record<Lang, string> = { en: 'Connection details', 'zh-CN': '连接详情' };
    await env.stack.redis.kill9();
    try {
      for (const c of COMBOS) {
        const page = pageFor(c);
        await page.getByRole('button', { name: retry[c.lang] }).waitFor(WAIT);
        await page.getByRole('button', { name: details[c.lang] }).click();
        await page.locator('.banner-details:not([hidden])').waitFor(WAIT);
        await check(page, c, 'banner-offline');
        await page.getByRole('button', { name: details[c.lang] }).click();
      }
      await pageFor(COMBOS[0] ?? { lang: 'en', scheme: 'light' }).getByRole('button', { name: retry.en }).click();
    } finally {
      await env.stack.redis.restart();
    }
    for (const c of COMBOS) await pageFor(c).locator('.banner[data-tone="ok"]').waitFor({ timeout: 15_000 });
  });

  it('a small window (420×600): the filters folded behind "Filters", then open', async () => {
    const filters: Record<Lang, string> = { en: 'Filters', 'zh-CN': '筛选' };
    for (const c of COMBOS) {
      const page = pageFor(c);
      await page.setViewportSize({ width: 420, height: 600 });
      const toggle = page.getByRole('button', { name: filters[c.lang], exact: true });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await check(page, c, 'small-history');
      await toggle.click();
      await check(page, c, 'small-history-filters');
      await toggle.click();
      await page.setViewportSize(MIN_VIEWPORT);
    }
  });

  it('channels with a refused channel, and settings', async () => {
    for (const c of COMBOS) {
      const page = pageFor(c);
      await tab(page, WORDS[c.lang].channels).click();
      const refused = page.locator('.channel', { hasText: BOBS });
      await refused.locator('.badge', { hasText: '403' }).waitFor(WAIT);
      await refused.locator('.channel-actions button', { hasText: c.lang === 'en' ? 'Hide' : '隐藏' }).waitFor(WAIT);
      await refused.scrollIntoViewIfNeeded();
      await check(page, c, 'channels');
      await tab(page, WORDS[c.lang].settings).click();
      await check(page, c, 'settings');
    }
  });

  it('the banner says until when pop-ups are silenced', async () => {
    const until = new Date(Date.now() + 90 * 60_000);
    await env.preview.controller.handle('settings:update', [{ pausedUntil: until.toISOString() }]);
    for (const c of COMBOS) {
      const page = pageFor(c);
      await tab(page, WORDS[c.lang].history).click();
      await page.locator('.banner .quiet-note', { hasText: c.lang === 'en' ? 'Paused until' : '已暂停至' }).waitFor(WAIT);
      await check(page, c, 'banner-paused');
    }
    await env.preview.controller.handle('settings:update', [{ pausedUntil: null }]);
  });

  it('forced colours (Windows high contrast): still no axe finding, the active tab and row stay visible', async () => {
    for (const c of COMBOS.filter((x) => x.scheme === 'light')) {
      const page = pageFor(c);
      await page.emulateMedia({ forcedColors: 'active' });
      await tab(page, WORDS[c.lang].history).click();
      await page.locator('[role="listbox"]').focus();
      await page.keyboard.press('Home');
      await check(page, c, 'history-forced-colors');
      await page.emulateMedia({ forcedColors: 'none' });
    }
  });

  it('switching the language applies at once: the window, the tray\'s words and the focus stay put', async () => {
    const c = { lang: 'en', scheme: 'light' } as const;
    const page = pageFor(c);
    await tab(page, 'Settings').click();
    // click, not check(): the window is rebuilt in the new language, so the clicked radio is replaced.
    await page.getByLabel('简体中文').click();
    await tab(page, '设置').waitFor(WAIT);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'language-zh-CN');
    assert.equal(await tab(page, '设置').getAttribute('aria-selected'), 'true');
    assert.equal(env.preview.controller.translator.t('tab.history'), '通知记录', 'main speaks the new language too (tray, notifications)');
    const duplicate = await env.preview.controller.handle('channels:add', [MINE]);
    assert.deepEqual(duplicate, { ok: false, message: '你已经在接收这个频道。' });
    await page.getByLabel('跟随系统', { exact: true }).first().click();
    await tab(page, 'Settings').waitFor(WAIT);
    assert.equal(env.preview.controller.settings.language, 'system');
  });
});
