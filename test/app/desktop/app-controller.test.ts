import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PushMap } from '../../../app/bridge/contract.js';
import { AppController } from '../../../app/desktop/app-controller.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';
import { MemoryPreferencesStore as MemoryPrefs, MemoryTokenVault as MemoryVault } from '../../../app/preview/preview-ports.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { MemoryLogger } from '../../../app/log.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { once } from '../../support/events.js';
import { ALICE, BOB, stackForSuite } from '../../support/stack.js';

describe('app controller (what the window can do), over a real Redis and the fake Laravel', () => {
  const suite = stackForSuite({ echo: false });
  let n = 0;

  interface ControllerOptions {
    vault?: MemoryVault;
    prefs?: MemoryPrefs;
    systemLanguages?: readonly string[];
    overrides?: Record<string, unknown>;
  }

  async function controller(opts: ControllerOptions = {}) {
    const { stack } = suite();
    const { profile } = parseProfile(stack.profileJson('redis', { allowedOrigins: ['https://docs.acme.test'], ...opts.overrides }));
    const history = await HistoryStore.open(join(stack.dir, `controller-${++n}.jsonl`));
    const opened: string[] = [];
    const c = new AppController({
      profile,
      locked: true,
      vault: opts.vault ?? new MemoryVault(),
      preferences: opts.prefs ?? new MemoryPrefs(),
      history,
      logger: new MemoryLogger(),
      opener: { open: async (url) => void opened.push(url) },
      ...(opts.systemLanguages ? { systemLanguages: () => opts.systemLanguages ?? null } : {}),
    });
    return { c, history, opened };
  }

  const alicePrefs = (prefs: MemoryPrefs) => prefs.load().users[String(ALICE.id)];

  const allSubscribed = (c: AppController) =>
    once<PushMap['push:channels']>(
      c,
      'push:channels',
      { timeoutMs: 10_000, filter: (list) => list.length >= 3 && list.every((ch) => ch.state === 'subscribed') },
    );

  it('logs in, stores the token in the vault, subscribes, records deliveries, logs out and forgets', async (t) => {
    const { publisher } = suite();
    const vault = new MemoryVault();
    const { c, history } = await controller({ vault });
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    assert.equal(c.state().session.state, 'logged-out');
    assert.deepEqual(c.state().profile.locked, true);
    const wrong = await c.handle('session:login', [ALICE.email, 'nope']);
    assert.equal(wrong.ok, false);
    assert.ok(!wrong.ok && wrong.kind === 'wrong-credentials' && /wrong email or password/.test(wrong.message));
    assert.equal(await vault.load(), undefined);

    const subscribed = allSubscribed(c);
    const ok = await c.handle('session:login', [ALICE.email, ALICE.password]);
    assert.ok(ok.ok);
    assert.equal(ok.session.userId, String(ALICE.id));
    assert.equal((await vault.load())?.email, ALICE.email);
    await subscribed;

    const delivered = once(c, 'delivery', { timeoutMs: 5000 });
    await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'hello' } });
    await delivered;
    assert.equal(history.list({}).items[0]?.body, 'hello');
    assert.equal(c.state().unread, 1);

    const out = await c.handle('session:logout', []);
    assert.equal(out.state, 'logged-out');
    assert.equal(await vault.load(), undefined, 'logout forgets the token');
    assert.deepEqual(c.state().channels, []);
  });

  it('resumes a stored session at start, and a stored expired token asks to log in again', async (t) => {
    const { stack } = suite();
    const vault = new MemoryVault({ token: stack.laravel.issueToken(ALICE.id), email: ALICE.email });
    const { c, history } = await controller({ vault });
    try {
      const subscribed = allSubscribed(c);
      await c.start();
      assert.equal(c.state().session.state, 'logged-in');
      await subscribed;
    } finally {
      await c.stop();
      await history.close();
    }
    const expiredVault = new MemoryVault({ token: stack.laravel.issueToken(ALICE.id, { expiresInSeconds: -5 }), email: ALICE.email });
    const second = await controller({ vault: expiredVault });
    t.after(async () => {
      await second.c.stop();
      await second.history.close();
    });
    await second.c.start();
    const s = second.c.state().session;
    assert.equal(s.state, 'expired');
    assert.match(s.message ?? '', /log in again/);
    assert.equal(await expiredVault.load(), undefined);
  });

  it('a token login learns the user\'s name from laravel.me for the header', async (t) => {
    const { stack } = suite();
    const { c, history } = await controller({ vault: new MemoryVault({ token: stack.laravel.issueToken(ALICE.id), email: null }) });
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    const named = once<PushMap['push:session']>(c, 'push:session', { timeoutMs: 10_000, filter: (s) => s.userName !== null });
    await c.start();
    const session = (await named)[0];
    assert.equal(session.state, 'logged-in');
    assert.equal(session.userName, ALICE.name);
    assert.equal(session.email, ALICE.email);
  });

  it('speaks the system\'s language until one is chosen, and gives channels their profile labels', async (t) => {
    const channels = [
      { name: 'private-todoevent.updated.{userId}', label: { en: 'My to-dos', 'zh-CN': '我的待办' } },
      'private-App.Models.User.{userId}',
      'poster_room',
    ];
    const { c, history } = await controller({ systemLanguages: ['zh-Hans-CN', 'en-US'], overrides: { channels } });
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    assert.deepEqual(c.state().systemLanguages, ['zh-Hans-CN', 'en-US']);
    assert.equal(c.locale, 'zh-CN');
    const refused = await c.handle('session:login', [ALICE.email, '']);
    assert.deepEqual(refused, { ok: false, kind: 'invalid-input', message: '请输入邮箱地址和密码。' });
    const subscribed = allSubscribed(c);
    assert.ok((await c.handle('session:login', [ALICE.email, ALICE.password])).ok);
    const list = (await subscribed)[0];
    assert.deepEqual(
      list.map((ch) => [ch.channel, ch.label]),
      [
        [`private-todoevent.updated.${ALICE.id}`, { en: 'My to-dos', 'zh-CN': '我的待办' }],
        [`private-App.Models.User.${ALICE.id}`, null],
        ['poster_room', null],
      ],
    );
    assert.equal(c.channelName(`private-todoevent.updated.${ALICE.id}`), '我的待办');
    assert.equal(c.channelName(`private-App.Models.User.${ALICE.id}`), '通知');
    const pushed = once<PushMap['push:settings']>(c, 'push:settings');
    c.updateSettings({ language: 'en' });
    assert.equal((await pushed)[0].language, 'en');
    assert.equal(c.channelName(`private-App.Models.User.${ALICE.id}`), 'Notifications');
    assert.throws(() => c.updateSettings({ language: 'fr' as 'en' }), /language must be system, en or zh-CN/);
  });

  it('opens only Laravel (or allowed) http(s) links; anything else shows the item instead', async (t) => {
    const { stack } = suite();
    const { c, history, opened } = await controller();
    const base = {
      channel: 'poster_room',
      event: 'backend_poster',
      title: 't',
      body: 'b',
      receivedAt: new Date().toISOString(),
      urgency: 'normal' as const,
    };
    history.append({ ...base, id: 'good', url: `${stack.laravel.url}/posters/1` });
    history.append({ ...base, id: 'docs', url: 'https://docs.acme.test/x' });
    history.append({ ...base, id: 'js', url: 'javascript:alert(1)' });
    history.append({ ...base, id: 'evil', url: 'https://evil.example/phish' });
    history.append({ ...base, id: 'file', url: 'file:///etc/passwd' });
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    assert.deepEqual(await c.handle('history:open', ['good']), { opened: true, url: `${stack.laravel.url}/posters/1` });
    assert.equal((await c.handle('history:open', ['docs'])).opened, true);
    const shown: string[] = [];
    c.on('push:show-item', (id) => shown.push(id));
    for (const id of ['js', 'evil', 'file']) {
      const r = await c.handle('history:open', [id]);
      assert.equal(r.opened, false, id);
    }
    assert.deepEqual(opened, [`${stack.laravel.url}/posters/1`, 'https://docs.acme.test/x']);
    assert.deepEqual(shown, ['js', 'evil', 'file']);
    assert.equal(history.get('js')?.read, true, 'opening marks read');
    // Why, in the staff's language.
    const english = 'https://evil.example is not the Laravel app\'s address';
    assert.deepEqual(await c.handle('history:open', ['evil']), { opened: false, reason: english });
    c.updateSettings({ language: 'zh-CN' });
    assert.deepEqual(await c.handle('history:open', ['evil']), { opened: false, reason: 'https://evil.example 不是公司应用的地址' });
    assert.deepEqual(await c.handle('history:open', ['js']), { opened: false, reason: '“javascript:”类型的链接不会被打开' });
  });

  it('adds, refuses, mutes and removes channels, and remembers them', async (t) => {
    const { publisher } = suite();
    const prefs = new MemoryPrefs();
    const { c, history } = await controller({ prefs });
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    const subscribed = allSubscribed(c);
    await c.handle('session:login', [ALICE.email, ALICE.password]);
    await subscribed;
    const bad = await c.handle('channels:add', ['no spaces allowed']);
    assert.equal(bad.ok, false);
    const refused = once<PushMap['push:channels']>(
      c,
      'push:channels',
      { timeoutMs: 10_000, filter: (l) => l.some((ch) => ch.channel === `private-todoevent.updated.${BOB.id}` && ch.state === 'denied') },
    );
    const added = await c.handle('channels:add', [`private-todoevent.updated.${BOB.id}`]);
    assert.ok(added.ok);
    const [list] = await refused;
    const bobs = list.find((ch) => ch.channel === `private-todoevent.updated.${BOB.id}`);
    assert.equal(bobs?.httpStatus, 403);
    assert.equal(bobs?.source, 'user');
    assert.deepEqual(alicePrefs(prefs)?.addedChannels, [`private-todoevent.updated.${BOB.id}`]);

    const dup = await c.handle('channels:add', ['private-todoevent.updated.{userId}']);
    assert.ok(!dup.ok && /already/.test(dup.message));
    const profileRemove = await c.handle('channels:remove', ['poster_room']);
    assert.ok(!profileRemove.ok && /mute it instead/.test(profileRemove.message));

    const muted = await c.handle('channels:mute', ['poster_room', true]);
    assert.ok(muted.ok && muted.channels.find((ch) => ch.channel === 'poster_room')?.muted === true);
    const delivered = once<[{ muted: boolean }]>(c, 'delivery', { timeoutMs: 5000 });
    await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'quiet' } });
    const [delivery] = await delivered;
    assert.equal(delivery.muted, true, 'muted channels still reach history, flagged for the OS notifier');

    const removed = await c.handle('channels:remove', [`private-todoevent.updated.${BOB.id}`]);
    assert.ok(removed.ok && !removed.channels.some((ch) => ch.channel.endsWith(`.${BOB.id}`)));
    assert.deepEqual(alicePrefs(prefs)?.addedChannels, []);
    assert.deepEqual(alicePrefs(prefs)?.mutedChannels, ['poster_room']);
  });

  it('validates settings patches and persists them', async (t) => {
    const prefs = new MemoryPrefs();
    const { c, history } = await controller({ prefs });
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    const next = await c.handle('settings:update', [{ quietHours: { enabled: true, start: '21:30' }, theme: 'dark' }]);
    assert.equal(next.quietHours.start, '21:30');
    assert.equal(next.quietHours.end, DEFAULT_SETTINGS.quietHours.end);
    assert.equal(prefs.load().settings.theme, 'dark');
    await assert.rejects(c.handle('settings:update', [{ quietHours: { start: '25:00' } }]), /quiet hours take times/);
    assert.equal(prefs.load().settings.quietHours.start, '21:30');
  });
});
