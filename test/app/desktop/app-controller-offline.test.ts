// The controller's own wiring, with no server: a stored JWT (its `sub` is the user id) restores the
// session without the network, and the core's broadcaster link is a stand-in that records its calls.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import type { PushMap } from '../../../app/bridge/contract.js';
import { EchoCore, type EchoCoreDeps } from '../../../app/core/echo-core.js';
import { AppController } from '../../../app/desktop/app-controller.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore, MemoryTokenVault } from '../../../app/preview/preview-ports.js';
import { parseProfile } from '../../../app/profile/profile.js';
import type { TransportListener } from '../../../app/transport/transport.js';
import { once } from '../../support/events.js';
import { FakeLaravel } from '../../support/fake-laravel.js';
import { acceptingTransport } from './accepting-transport.js';
import { FakeClock } from './fake-clock.js';

const ALICE = { id: 8164, name: 'Alice', email: 'alice@example.test', password: 'secret' } as const;
/** jwt-auth's default: a token lives 60 minutes. */
const TOKEN_LIFE_MS = 60 * 60_000;

async function offlineController(opts: { connection?: unknown; loggedIn?: boolean } = {}) {
  const { profile } = parseProfile({
    laravel: { url: 'http://127.0.0.1:9', refresh: '/api/refresh' },
    connection: opts.connection ?? { broadcaster: 'socket.io', host: 'http://127.0.0.1:9' },
    channels: ['poster_room', { name: 'private-todo.{userId}', label: { en: 'My to-dos', 'zh-CN': '我的待办' } }],
  });
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-controller-'));
  const history = await HistoryStore.open(join(dir, 'history.jsonl'));
  const clock = new FakeClock(new Date());
  const token = new FakeLaravel({ users: [ALICE] }).issueToken(ALICE.id);
  const vault = new MemoryTokenVault(opts.loggedIn === false ? undefined : { token, email: ALICE.email });
  const laravel = new LaravelClient(profile.laravel);
  const refreshes: string[] = [];
  laravel.refresh = async (old) => {
    refreshes.push(old);
    throw new Error('Laravel is not reachable in this test');
  };
  laravel.me = async () => {
    throw new Error('Laravel is not reachable in this test');
  };
  const calls: string[] = [];
  const links: TransportListener[] = [];
  const logger = new MemoryLogger();
  const preferences = new MemoryPreferencesStore();
  const c = new AppController({
    profile,
    locked: false,
    vault,
    preferences,
    history,
    logger,
    opener: { open: async () => undefined },
    laravel,
    coreFactory: (d: EchoCoreDeps) => new EchoCore({
      ...d,
      transportFactory: (_p, td) => {
        links.push(td.listener);
        return acceptingTransport(td.listener, calls);
      },
    }),
    clock,
    random: () => 0,
  });
  await c.start();
  const close = async (): Promise<void> => {
    await c.stop();
    await history.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { c, clock, history, logger, preferences, refreshes, calls, links, close };
}

describe('app controller wiring, without a server', () => {
  it('channel additions are checked against the logged-in user\'s expanded channels', async (t) => {
    const { c, close } = await offlineController();
    t.after(close);
    assert.equal(c.sessionState.userId, String(ALICE.id));
    const duplicate = await c.handle('channels:add', [`private-todo.${ALICE.id}`]);
    assert.deepEqual(duplicate, { ok: false, message: 'You already receive this channel.' });
    const owned = await c.handle('channels:remove', [`private-todo.${ALICE.id}`]);
    assert.equal(owned.ok ? '' : owned.message, 'This channel comes from your company\'s profile: mute it instead.');
    assert.equal(c.channelName(`private-todo.${ALICE.id}`), 'My to-dos');
  });

  it('after the session expired, the history still names channels by their labels', async (t) => {
    const { c, links, close } = await offlineController();
    t.after(close);
    const expired = once<PushMap['push:session']>(c, 'push:session', { timeoutMs: 5_000, filter: (s) => s.state === 'expired' });
    links.at(-1)?.onChannel({ channel: `private-todo.${ALICE.id}`, state: 'expired', httpStatus: 401 });
    await expired;
    assert.equal(c.sessionState.state, 'expired');
    assert.equal(c.channelName(`private-todo.${ALICE.id}`), 'My to-dos');
  });

  it('"try again" in the window reconnects now, saying why', async (t) => {
    const { c, calls, close } = await offlineController();
    t.after(close);
    assert.equal(await c.handle('connection:retry', []), undefined);
    assert.deepEqual(calls.filter((call) => call.startsWith('reconnect')), ['reconnect: retry from the window']);
  });

  it('the injected jitter decides when the token is refreshed: none drawn, at 75 % of its life', async (t) => {
    const { clock, refreshes, close } = await offlineController();
    t.after(close);
    clock.advance(TOKEN_LIFE_MS * 0.75 - 2_000);
    assert.deepEqual(refreshes, [], 'not before');
    clock.advance(2_000);
    assert.equal(refreshes.length, 1);
  });

  it('a pause set through the controller shows in the quiet banner at once', async (t) => {
    const { c, clock, close } = await offlineController({ loggedIn: false });
    t.after(close);
    assert.equal(c.state().quiet, null);
    const until = new Date(clock.now().getTime() + 3_600_000).toISOString();
    c.updateSettings({ pausedUntil: until });
    assert.deepEqual(c.state().quiet, { kind: 'paused', until });
  });

  it('a listener that throws is logged, and the others still hear the push', async (t) => {
    const { c, logger, close } = await offlineController({ loggedIn: false });
    t.after(close);
    let heard = 0;
    c.on('push:settings', () => {
      throw new Error('window gone');
    });
    c.on('push:settings', () => void heard++);
    c.updateSettings({ theme: 'dark' });
    assert.equal(heard, 1);
    assert.ok(logger.lines.some((l) => l.level === 'error' && l.message === 'a listener failed' && l.fields.event === 'push:settings'));
  });

  it('logged out: channel names still resolve, and the window\'s commands act on the preferences and the history', async (t) => {
    const { c, history, preferences, close } = await offlineController({ loggedIn: false });
    t.after(close);
    assert.equal(c.channelName('private-poster_room'), 'poster_room');
    assert.equal((await c.handle('channels:add', ['orders'])).ok, true);
    assert.equal((await c.handle('channels:mute', ['poster_room', true])).ok, true);
    assert.deepEqual([preferences.load().addedChannels, preferences.load().mutedChannels], [['orders'], ['poster_room']]);
    assert.equal((await c.handle('channels:remove', ['orders'])).ok, true);
    assert.deepEqual(preferences.load().addedChannels, []);
    history.append({
      id: 'n1', channel: 'poster_room', event: 'backend_poster', title: 'Hi', body: '', url: '',
      receivedAt: new Date().toISOString(), urgency: 'normal',
    });
    assert.equal(await c.handle('history:mark-read', [['n1']]), 1);
    assert.equal(c.unreadCount(), 0);
    assert.equal((await c.handle('session:logout', [undefined])).state, 'logged-out');
  });

  it('shows a Redis server\'s address without its password', async (t) => {
    const { c, close } = await offlineController({
      loggedIn: false,
      connection: { broadcaster: 'redis', url: 'redis://:s3cret@127.0.0.1:6379/0' },
    });
    t.after(close);
    assert.deepEqual(c.state().profile, {
      name: 'Echo Tray', laravelUrl: 'http://127.0.0.1:9', broadcaster: 'redis', server: 'redis://:***@127.0.0.1:6379/0', locked: false,
    });
  });
});
