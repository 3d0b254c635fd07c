import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import type { ChannelResult, ChannelView } from '../../../app/bridge/contract.js';
import { EchoCore } from '../../../app/core/echo-core.js';
import type { Preferences } from '../../../app/desktop/ports.js';
import { ChannelService } from '../../../app/desktop/services/channel-service.js';
import { UserPreferences } from '../../../app/desktop/services/user-preferences.js';
import { createTranslator } from '../../../app/i18n/index.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore } from '../../../app/preview/preview-ports.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { MAX_USER_CHANNELS } from '../../../app/schema/settings-schema.js';
import { acceptingTransport } from './accepting-transport.js';

const USER = '8164';
const TODO_LABEL = { en: 'My to-dos', 'zh-CN': '我的待办' };

/** The channel service of a user logged in as USER (or nobody: `loggedIn: false`), with a real core. */
function channelsOf(opts: { loggedIn?: boolean; prefs?: Partial<Preferences> } = {}) {
  const { profile } = parseProfile({
    laravel: { url: 'https://app.acme.test' },
    connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:9' },
    channels: [
      'poster_room',
      { name: 'private-todo.{userId}', label: TODO_LABEL },
      'presence-lobby',
    ],
  });
  const store = new MemoryPreferencesStore();
  const prefs = new UserPreferences(store, new MemoryLogger());
  prefs.save({ ...prefs.current, ...opts.prefs });
  const calls: string[] = [];
  const core = new EchoCore({
    profile,
    session: { token: 'token', userId: USER, user: undefined, expiresAt: undefined },
    laravel: new LaravelClient(profile.laravel),
    logger: new MemoryLogger(),
    transportFactory: (_p, deps) => acceptingTransport(deps.listener, calls),
  });
  const loggedIn = opts.loggedIn ?? true;
  if (loggedIn) core.start();
  const pushes: ChannelView[][] = [];
  const service = new ChannelService(
    {
      profile,
      prefs,
      core: () => (loggedIn ? core : undefined),
      userId: () => (loggedIn ? USER : null),
      translator: () => createTranslator('en'),
    },
    (event, ...args) => {
      if (event === 'push:channels') pushes.push(args[0] as ChannelView[]);
    },
  );
  return { service, prefs, core, calls, pushes };
}

const message = (result: ChannelResult): string => (result.ok ? 'ok' : result.message);
const names = (count: number, prefix: string): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('ChannelService: what the window can do with channels', () => {
  it('adds a public, private or presence channel (name trimmed), subscribes it and tells the window', () => {
    const { service, prefs, core, pushes } = channelsOf();
    const added = service.add('  orders  ');
    assert.ok(added.ok);
    assert.deepEqual(prefs.current.addedChannels, ['orders']);
    assert.ok(core.channels().some((c) => c.channel === 'orders'));
    assert.deepEqual(pushes, [added.channels]);
    const view = added.channels.find((c) => c.channel === 'orders');
    assert.deepEqual(
      { source: view?.source, kind: view?.kind, muted: view?.muted, hidden: view?.hidden },
      { source: 'user', kind: 'public', muted: false, hidden: false },
    );
    assert.equal(message(service.add('private-invoices.{userId}')), 'ok');
    assert.ok(core.channels().some((c) => c.channel === `private-invoices.${USER}`), 'subscribed for this user');
    assert.equal(message(service.add('presence-desk')), 'ok');
    assert.deepEqual(prefs.current.addedChannels, ['orders', 'private-invoices.{userId}', 'presence-desk']);
  });

  it('refuses bad names, encrypted channels and channels the user already receives, and keeps nothing of them', () => {
    const { service, prefs, pushes } = channelsOf();
    const t = createTranslator('en').t;
    assert.equal(message(service.add('has space')), t('channels.badName'));
    assert.equal(message(service.add('private-encrypted-salary')), t('channels.encrypted'));
    assert.equal(message(service.add('poster_room')), t('channels.duplicate'));
    assert.equal(message(service.add(`private-todo.${USER}`)), t('channels.duplicate'), 'the profile\'s template, expanded');
    assert.equal(message(service.add('private-todo.{userId}')), t('channels.duplicate'));
    service.add('orders.{userId}');
    assert.equal(message(service.add(`orders.${USER}`)), t('channels.duplicate'), 'an earlier addition, expanded');
    assert.deepEqual(prefs.current.addedChannels, ['orders.{userId}']);
    assert.equal(pushes.length, 1);
  });

  it('logged out, additions are kept as written and subscribed at the next login', () => {
    const { service, prefs, calls } = channelsOf({ loggedIn: false });
    const added = service.add('private-todo.null');
    assert.deepEqual(added, { ok: true, channels: [] }, 'no user id is filled in while nobody is logged in');
    assert.equal(message(service.add('orders')), 'ok');
    assert.deepEqual(prefs.current.addedChannels, ['private-todo.null', 'orders']);
    assert.deepEqual(calls, []);
  });

  it('refuses an addition past the store\'s limit, in words that say which list is full', () => {
    const { service, prefs } = channelsOf({ prefs: { addedChannels: names(MAX_USER_CHANNELS, 'room') } });
    const result = service.add('one-too-many');
    assert.equal(message(result), `You can add at most ${MAX_USER_CHANNELS} channels: remove one first.`);
    assert.equal(prefs.current.addedChannels.length, MAX_USER_CHANNELS);
    assert.equal(prefs.current.addedChannels.includes('one-too-many'), false);
  });

  it('removes the user\'s own channel by its name or its template, and unsubscribes it', () => {
    const { service, prefs, core, calls } = channelsOf({ prefs: { addedChannels: ['orders.{userId}', 'invoices', 'desk'] } });
    for (const t of prefs.current.addedChannels) core.addChannel(t);
    const removed = service.remove(`orders.${USER}`);
    assert.ok(removed.ok);
    assert.deepEqual(prefs.current.addedChannels, ['invoices', 'desk']);
    assert.ok(calls.includes(`-orders.${USER}`));
    assert.equal(core.channels().some((c) => c.channel === `orders.${USER}`), false);
    assert.equal(removed.channels.some((c) => c.channel === `orders.${USER}`), false);
    assert.equal(message(service.remove('invoices')), 'ok');
    assert.deepEqual(prefs.current.addedChannels, ['desk']);
  });

  it('will not remove a channel from the company profile, and says when there is no such channel', () => {
    const { service, prefs } = channelsOf({ prefs: { addedChannels: ['orders'] } });
    const t = createTranslator('en').t;
    assert.equal(message(service.remove(`private-todo.${USER}`)), t('channels.profileOwned'));
    assert.equal(message(service.remove('poster_room')), t('channels.profileOwned'));
    assert.equal(message(service.remove('nope')), t('channels.noSuch'));
    assert.equal(message(service.remove('private-todo.42')), t('channels.noSuch'), 'someone else\'s channel');
    assert.deepEqual(prefs.current.addedChannels, ['orders']);
  });

  it('logged out, the user\'s additions can still be removed by their template; the profile\'s cannot', () => {
    const { service, prefs } = channelsOf({ loggedIn: false, prefs: { addedChannels: ['orders.{userId}', 'desk'] } });
    const t = createTranslator('en').t;
    assert.deepEqual(service.remove('orders.{userId}'), { ok: true, channels: [] });
    assert.deepEqual(prefs.current.addedChannels, ['desk']);
    assert.equal(message(service.remove('private-todo.{userId}')), t('channels.profileOwned'));
  });

  it('mutes and unmutes a channel: saved once, the core told, the window shown', () => {
    const { service, prefs, core, pushes } = channelsOf();
    const muted = service.mute('poster_room', true);
    assert.ok(muted.ok);
    assert.equal(core.isMuted('poster_room'), true);
    assert.equal(muted.channels.find((c) => c.channel === 'poster_room')?.muted, true);
    service.mute('poster_room', true);
    service.mute('presence-lobby', true);
    assert.deepEqual(prefs.current.mutedChannels, ['poster_room', 'presence-lobby'], 'muting twice keeps one entry');
    assert.equal(message(service.mute('poster_room', false)), 'ok');
    assert.deepEqual(prefs.current.mutedChannels, ['presence-lobby']);
    assert.equal(core.isMuted('poster_room'), false);
    assert.deepEqual(prefs.current.hiddenChannels, []);
    assert.equal(pushes.length, 4);
  });

  it('hides and shows a channel again: still subscribed, marked hidden', () => {
    const { service, prefs, core } = channelsOf();
    const hidden = service.hide(`private-todo.${USER}`, true);
    assert.ok(hidden.ok);
    assert.equal(hidden.channels.find((c) => c.channel === `private-todo.${USER}`)?.hidden, true);
    assert.ok(core.channels().some((c) => c.channel === `private-todo.${USER}`));
    service.hide(`private-todo.${USER}`, true);
    assert.deepEqual(prefs.current.hiddenChannels, [`private-todo.${USER}`]);
    service.hide(`private-todo.${USER}`, false);
    assert.deepEqual(prefs.current.hiddenChannels, []);
    assert.deepEqual(prefs.current.mutedChannels, []);
  });

  it('refuses a mute or hide past the store\'s limit, says which list is full, and changes nothing', () => {
    const full = names(MAX_USER_CHANNELS, 'room');
    const { service, prefs, core } = channelsOf({ prefs: { mutedChannels: full, hiddenChannels: full } });
    assert.equal(message(service.mute('poster_room', true)), `You can mute at most ${MAX_USER_CHANNELS} channels: unmute one first.`);
    assert.equal(core.isMuted('poster_room'), false, 'the core is not told either');
    assert.equal(message(service.hide('poster_room', true)), `You can hide at most ${MAX_USER_CHANNELS} channels: show one again first.`);
    assert.deepEqual(prefs.current.mutedChannels, full);
    assert.deepEqual(prefs.current.hiddenChannels, full);
    assert.equal(message(service.mute('room0', true)), 'ok', 'muting one already muted does not count twice');
  });

  it('a name the store cannot keep is "no such channel", also at the limit', () => {
    const { service, prefs } = channelsOf({ prefs: { hiddenChannels: names(MAX_USER_CHANNELS - 1, 'room') } });
    const t = createTranslator('en').t;
    assert.equal(message(service.mute('', true)), t('channels.noSuch'));
    assert.equal(message(service.hide('', true)), t('channels.noSuch'), 'the 500th entry is bad, not one too many');
    assert.equal(prefs.current.hiddenChannels.length, MAX_USER_CHANNELS - 1);
  });

  it('lists each channel with its kind, where it comes from and its label, expanded for the user', () => {
    const { service } = channelsOf();
    service.add('private-presence-x');
    service.add('room.presence-');
    const list = service.views();
    const kinds = Object.fromEntries(list.map((c) => [c.channel, [c.kind, c.source, c.label]]));
    assert.deepEqual(kinds, {
      poster_room: ['public', 'profile', null],
      [`private-todo.${USER}`]: ['private', 'profile', TODO_LABEL],
      'presence-lobby': ['presence', 'profile', null],
      'private-presence-x': ['private', 'user', null],
      'room.presence-': ['public', 'user', null],
    });
    assert.deepEqual(list.find((c) => c.channel === 'presence-lobby')?.members, []);
    assert.deepEqual(channelsOf({ loggedIn: false }).service.views(), [], 'nothing is listed while nobody is logged in');
    assert.deepEqual(service.labelOf('private-todo.42', '42'), TODO_LABEL);
    assert.equal(service.labelOf('private-todo.42', USER), null);
  });
});
