import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PushMap } from '../../../app/bridge/contract.js';
import { AppController } from '../../../app/desktop/app-controller.js';
import { preferencesFileFromStored } from '../../../app/desktop/preferences.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore, MemoryTokenVault } from '../../../app/preview/preview-ports.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { once } from '../../support/events.js';
import { ALICE, BOB, stackForSuite } from '../../support/stack.js';

describe('app controller: preferences per user, marking what is shown, hiding a refused channel', () => {
  const suite = stackForSuite({ echo: false });

  async function controller(prefs: MemoryPreferencesStore, name: string) {
    const { stack } = suite();
    const { profile } = parseProfile(stack.profileJson('redis'));
    const history = await HistoryStore.open(join(stack.dir, `${name}.jsonl`));
    const c = new AppController({
      profile,
      locked: true,
      vault: new MemoryTokenVault(),
      preferences: prefs,
      history,
      logger: new MemoryLogger(),
      opener: { open: async () => undefined },
    });
    return { c, history };
  }

  const subscribedTo = (c: AppController, channel: string) =>
    once<PushMap['push:channels']>(c, 'push:channels', {
      timeoutMs: 10_000,
      filter: (list) => list.some((ch) => ch.channel === channel && ch.state !== 'pending'),
    });

  it('Alice\'s mutes, added and hidden channels and quiet hours never reach Bob; logging out says the user changed', async (t) => {
    const { publisher } = suite();
    const legacy = preferencesFileFromStored({ settings: { quietHours: { enabled: true } }, mutedChannels: ['poster_room'] });
    const prefs = new MemoryPreferencesStore(legacy);
    const { c, history } = await controller(prefs, 'users');
    const pushes: string[] = [];
    for (const event of ['push:session', 'push:settings'] as const) {
      c.on(event, (v) => pushes.push(`${event}:${'state' in v ? v.state : v.quietHours.enabled}`));
    }
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    const bobsChannel = `private-todoevent.updated.${BOB.id}`;
    const refused = subscribedTo(c, bobsChannel);
    await c.handle('session:login', [ALICE.email, ALICE.password]);
    assert.equal(c.state().settings.quietHours.enabled, true, 'the first user inherits the machine-wide preferences');
    assert.deepEqual(pushes.slice(-2), ['push:session:logged-in', 'push:settings:true'], 'the settings follow the session push');
    await c.handle('channels:add', [bobsChannel]);
    const [list] = await refused;
    assert.equal(list.find((ch) => ch.channel === bobsChannel)?.state, 'denied');
    const hidden = await c.handle('channels:hide', [bobsChannel, true]);
    assert.ok(hidden.ok);
    assert.equal(hidden.channels.find((ch) => ch.channel === bobsChannel)?.hidden, true);
    assert.equal(hidden.channels.find((ch) => ch.channel === 'poster_room')?.muted, true);
    assert.equal(hidden.channels.find((ch) => ch.channel === 'poster_room')?.hidden, false);

    await c.handle('session:logout', []);
    assert.deepEqual(pushes.slice(-2), ['push:session:logged-out', 'push:settings:false']);
    assert.equal(c.state().settings.quietHours.enabled, false);

    const bobsList = subscribedTo(c, 'poster_room');
    await c.handle('session:login', [BOB.email, BOB.password]);
    const [bobs] = await bobsList;
    assert.equal(c.state().settings.quietHours.enabled, false);
    assert.equal(bobs.find((ch) => ch.channel === 'poster_room')?.muted, false, 'not Alice\'s mute');
    assert.equal(bobs.some((ch) => ch.hidden || ch.source === 'user'), false, 'not Alice\'s added or hidden channel');
    const two = once(c, 'delivery', {
      timeoutMs: 5000,
      filter: (d) => (d as { notification: { body: string } }).notification.body === 'second',
    });
    await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'first' } });
    await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'second' } });
    await two;
    const [second, first] = history.list({ channel: 'poster_room' }).items;
    assert.equal(first?.burst, first?.id, 'a burst is keyed by its first entry');
    assert.equal(second?.burst, first?.id, 'within the coalescing window: the same burst');
    await c.handle('session:logout', []);

    const alicesList = subscribedTo(c, bobsChannel);
    await c.handle('session:login', [ALICE.email, ALICE.password]);
    const [alices] = await alicesList;
    assert.equal(alices.find((ch) => ch.channel === bobsChannel)?.hidden, true, 'her own come back');
    assert.equal(c.state().settings.quietHours.enabled, true);
  });

  it('marks read only what the filter shows, undoes it, and marks one item unread', async (t) => {
    const { c, history } = await controller(new MemoryPreferencesStore(), 'marks');
    t.after(async () => {
      await c.stop();
      await history.close();
    });
    for (let i = 0; i < 5; i++) {
      history.append({
        id: `n-${i}`,
        channel: i < 2 ? 'chat' : 'todos',
        event: 'x',
        title: `t${i}`,
        body: '',
        url: '',
        receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        urgency: 'normal',
      });
    }
    const updates: PushMap['push:history'][0][] = [];
    c.on('push:history', (u) => updates.push(u));
    const marked = await c.handle('history:mark-matching', [{ channel: 'chat' }]);
    assert.deepEqual(marked, { count: 2, ids: ['n-1', 'n-0'] });
    assert.equal(c.state().unread, 3, 'the other channel\'s items stay unread');
    assert.deepEqual(updates.at(-1), { kind: 'read', ids: ['n-1', 'n-0'], unread: 3 });

    assert.equal(await c.handle('history:mark-unread', [marked.ids]), 2);
    assert.equal(c.state().unread, 5);
    assert.deepEqual(updates.at(-1), { kind: 'unread', ids: ['n-1', 'n-0'], unread: 5 });

    await c.handle('history:mark-read', [['n-4']]);
    assert.equal(await c.handle('history:mark-unread', [['n-4']]), 1);
    assert.equal(history.get('n-4')?.read, false);
    assert.deepEqual(await c.handle('history:mark-matching', [{ search: 'T3' }]), { count: 1, ids: ['n-3'] });
  });
});
