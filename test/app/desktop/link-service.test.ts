import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LinkService } from '../../../app/desktop/services/link-service.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { createTranslator, type Translator } from '../../../app/i18n/index.js';
import type { Locale } from '../../../app/i18n/locale.js';
import { MemoryLogger } from '../../../app/log.js';
import { parseProfile } from '../../../app/profile/profile.js';

const { profile } = parseProfile({
  laravel: { url: 'https://app.acme.test' },
  connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:9' },
  channels: ['poster_room'],
  allowedOrigins: ['https://docs.acme.test'],
});

/** A LinkService over a real history holding one entry per URL (ids `n0`, `n1`, …), all unread. */
async function linksFor(urls: readonly string[], locale: Locale = 'en') {
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-links-'));
  const history = await HistoryStore.open(join(dir, 'history.jsonl'));
  urls.forEach((url, i) => {
    history.append({
      id: `n${i}`,
      channel: 'poster_room',
      event: 'backend_poster',
      title: `Item ${i}`,
      body: '',
      url,
      receivedAt: new Date(Date.UTC(2026, 11, 2, 9, i)).toISOString(),
      urgency: 'normal',
    });
  });
  const opened: string[] = [];
  const shown: string[] = [];
  const translator: Translator = createTranslator(locale);
  const links = new LinkService(
    {
      profile,
      history,
      opener: { open: async (url) => void opened.push(url) },
      logger: new MemoryLogger(),
      translator: () => translator,
      markRead: (ids) => history.markRead(ids),
    },
    (event, ...args) => {
      const [id] = args;
      if (event === 'push:show-item' && typeof id === 'string') shown.push(id);
    },
  );
  const close = async (): Promise<void> => {
    await history.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { links, history, opened, shown, close };
}

describe('LinkService: opening a notification\'s link', () => {
  it('opens an allowed link in the browser and marks the entry read', async (t) => {
    const { links, history, opened, shown, close } = await linksFor(['https://docs.acme.test/guide#a']);
    t.after(close);
    assert.deepEqual(await links.open('n0'), { opened: true, url: 'https://docs.acme.test/guide#a' });
    assert.deepEqual(opened, ['https://docs.acme.test/guide#a']);
    assert.deepEqual(shown, []);
    assert.equal(history.get('n0')?.read, true);
  });

  it('refuses every kind of bad link in plain words, shows the item instead and still marks it read', async (t) => {
    const urls = ['', 'not a link', 'javascript:alert(1)', 'https://user:pw@app.acme.test/', 'https://evil.example/'];
    const { links, history, opened, shown, close } = await linksFor(urls);
    t.after(close);
    const reasons: string[] = [];
    for (let i = 0; i < urls.length; i++) {
      const result = await links.open(`n${i}`);
      assert.equal(result.opened, false);
      if (!result.opened) reasons.push(result.reason);
      assert.equal(history.get(`n${i}`)?.read, true);
    }
    assert.deepEqual(reasons, [
      'this notification has no link',
      'the link is not a valid address',
      'links of type "javascript:" are never opened',
      'links that carry a user name or password are not opened',
      'https://evil.example is not the Laravel app\'s address',
    ]);
    assert.deepEqual(shown, ['n0', 'n1', 'n2', 'n3', 'n4']);
    assert.deepEqual(opened, []);
  });

  it('says so in the staff\'s language', async (t) => {
    const { links, close } = await linksFor(['https://user@app.acme.test/', 'ftp://app.acme.test/'], 'zh-CN');
    t.after(close);
    assert.deepEqual(await links.open('n0'), { opened: false, reason: '带有用户名或密码的链接不会被打开' });
    assert.deepEqual(await links.open('n1'), { opened: false, reason: '“ftp:”类型的链接不会被打开' });
  });

  it('an entry no longer in the history is not opened, and nothing is shown or marked', async (t) => {
    const { links, history, opened, shown, close } = await linksFor(['https://app.acme.test/a']);
    t.after(close);
    assert.deepEqual(await links.open('gone'), { opened: false, reason: 'this notification is no longer in the history' });
    assert.deepEqual(opened, []);
    assert.deepEqual(shown, []);
    assert.equal(history.get('n0')?.read, false);
  });
});
