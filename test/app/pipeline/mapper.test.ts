import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotificationMapper, eventMatches, sequentialIds } from '../../../app/pipeline/mapper.js';
import { readableName } from '../../../app/pipeline/laravel-names.js';
import type { BroadcastEvent } from '../../../app/pipeline/notification.js';
import { normalize } from '../../../app/pipeline/normalize.js';
import type { EventRule } from '../../../app/profile/profile.js';

const at = new Date('2026-11-21T10:00:00.000Z');

function ev(channel: string, event: string, data: Record<string, unknown>): BroadcastEvent {
  const n = normalize({ channel, event, data: { ...data, socket: null } }, 'redis', at, 1_000_000);
  assert.ok(n.ok);
  return n.event;
}

function rule(r: Partial<EventRule>): EventRule {
  return { channel: undefined, event: undefined, title: undefined, body: undefined, url: undefined, urgency: undefined, mute: false, ...r };
}

let counter = 0;
const mapper = (rules: EventRule[] = []): NotificationMapper => new NotificationMapper(
  rules,
  '8164',
  'https://app.acme.test',
  () => `id-${++counter}`,
);

describe('notification mapper', () => {
  it('guesses title from the event short name and body/url from common fields (seed 001 poster event)', () => {
    const { notification } = mapper().map(ev(
      'poster_room',
      'backend_poster',
      { total: 3, msg: '海报☆Spring☆已新增!', url: 'https://app.acme.test/posters/7/edit', data: { id: 7 } },
    ));
    assert.equal(notification.title, 'Backend poster');
    assert.equal(notification.body, '海报☆Spring☆已新增!');
    assert.equal(notification.url, 'https://app.acme.test/posters/7/edit');
    assert.equal(notification.receivedAt, '2026-11-21T10:00:00.000Z');
    assert.equal(notification.channel, 'poster_room');
  });

  it('makes a class name readable and prefers explicit title/subject fields', () => {
    assert.equal(mapper().map(ev('c', 'App\\Events\\TodoEventUpdated', {})).notification.title, 'Todo event updated');
    assert.equal(
      mapper().map(ev('c', 'App\\Events\\TodoEventUpdated', { subject: 'Weekly report', message: 'ready' })).notification.title,
      'Weekly report',
    );
    assert.equal(readableName('wechat.login'), 'Wechat login');
    assert.equal(readableName('HTMLExportDone'), 'HTML export done');
  });

  it('uses a Laravel notification\'s own fields, its type and its id', () => {
    const { notification } = mapper().map(
      ev('private-App.Models.User.8164', 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated', {
        invoice_id: 12,
        amount: '€30',
        action_url: '/invoices/12',
        id: '5f3c4a2e-8b9d-4c1e-a0f7-1b2c3d4e5f60',
        type: 'App\\Notifications\\InvoicePaid',
      }),
    );
    assert.equal(notification.id, '5f3c4a2e-8b9d-4c1e-a0f7-1b2c3d4e5f60');
    assert.equal(notification.title, 'Invoice paid');
    assert.equal(notification.type, 'App\\Notifications\\InvoicePaid');
    assert.equal(notification.url, 'https://app.acme.test/invoices/12', 'a bare path is on the Laravel app');
  });

  it('applies the first matching rule with templates over the payload', () => {
    const rules = [
      rule({
        channel: 'private-todoevent.updated.{userId}',
        event: '.TodoEventUpdated',
        title: 'Todo: {{todo.title}}',
        body: '{{todo.owner.name}} changed it ({{$channel}})',
        url: 'https://app.acme.test/todos/{{todo.id}}',
        urgency: 'critical',
      }),
      rule({ event: 'TodoEventUpdated', title: 'never used' }),
    ];
    const { notification } = mapper(rules).map(ev(
      'private-todoevent.updated.8164',
      'App\\Events\\TodoEventUpdated',
      { todo: { id: 5, title: 'Buy milk', owner: { name: 'Bob' } } },
    ));
    assert.equal(notification.title, 'Todo: Buy milk');
    assert.equal(notification.body, 'Bob changed it (private-todoevent.updated.8164)');
    assert.equal(notification.url, 'https://app.acme.test/todos/5');
    assert.equal(notification.urgency, 'critical');
  });

  it('a rule for another user\'s channel does not match, and a mute rule mutes', () => {
    const rules = [rule({ channel: 'private-todoevent.updated.{userId}', title: 'mine' }), rule({ channel: 'poster_*', mute: true })];
    assert.notEqual(mapper(rules).map(ev('private-todoevent.updated.9', 'X', {})).notification.title, 'mine');
    assert.equal(mapper(rules).map(ev('poster_room', 'X', {})).muted, true);
  });

  it('matches event names in all of laravel-echo\'s forms', () => {
    const full = { event: 'App\\Events\\TodoEventUpdated', shortEvent: 'TodoEventUpdated' };
    const custom = { event: 'backend_poster', shortEvent: 'backend_poster' };
    assert.ok(eventMatches('TodoEventUpdated', full));
    assert.ok(eventMatches('App\\Events\\TodoEventUpdated', full));
    assert.ok(eventMatches('.TodoEventUpdated', full));
    assert.ok(eventMatches('.backend_poster', custom));
    assert.ok(eventMatches('backend_poster', custom));
    assert.ok(!eventMatches('PosterEvent', custom));
    assert.ok(eventMatches(
      'InvoicePaid',
      { event: 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated', shortEvent: 'BroadcastNotificationCreated' },
      'App\\Notifications\\InvoicePaid',
    ));
  });

  it('takes urgency from the payload when valid, strips control characters and cuts long texts', () => {
    const { notification } = mapper().map(ev('c', 'X', { title: `a\u001b[31mb${'x'.repeat(500)}`, urgency: 'critical', body: 42 }));
    assert.equal(notification.urgency, 'critical');
    assert.ok(notification.title.startsWith('a[31mb'), 'ESC removed');
    assert.equal(notification.title.length, 200);
    assert.equal(notification.body, '42');
    assert.equal(mapper().map(ev('c', 'X', { urgency: 'apocalyptic' })).notification.urgency, 'normal');
  });
});

describe('normalize', () => {
  it('drops Laravel\'s socket key, accepts PHP\'s empty array, keeps the canonical names', () => {
    const n = normalize({ channel: 'poster_room', event: '.backend_poster', data: [] }, 'socket.io', at, 100);
    assert.ok(n.ok);
    assert.deepEqual(n.event.data, {});
    assert.equal(n.event.shortEvent, 'backend_poster');
    const m = normalize({ channel: 'c', event: 'App\\Events\\X', data: { a: 1, socket: null } }, 'redis', at, 100);
    assert.ok(m.ok);
    assert.deepEqual(m.event.data, { a: 1 });
    assert.equal(m.event.shortEvent, 'X');
  });

  it('refuses what is not a Laravel event, saying why', () => {
    const bad = (event: unknown, data: unknown, bytes?: number): string => {
      const n = normalize({ channel: 'c', event, data, ...(bytes !== undefined ? { bytes } : {}) }, 'redis', at, 100);
      assert.ok(!n.ok);
      return n.reason;
    };
    assert.match(bad(undefined, {}), /no "event"/);
    assert.match(bad(42, {}), /not a string/);
    assert.match(bad('X', 'text'), /"data" is a string/);
    assert.match(bad('X', [1, 2]), /"data" is a list/);
    assert.match(bad('X', {}, 101), /exceeds the 100-byte limit/);
  });

  it('removes C1 controls and bidi embeddings, overrides and isolates from what the user reads (issue 12.2)', () => {
    const { notification } = mapper().map(ev('c', 'x', { title: '\u202Egnp.exe', message: 'a\u009B2Jb\u2067c\nd',
      url: 'https://a.test/\u202Dx' }));
    assert.equal(notification.title, 'gnp.exe');
    assert.equal(notification.body, 'a2Jbc\nd', 'line breaks stay in a body');
    assert.equal(notification.url, 'https://a.test/x');
  });

  it('takes a Laravel notification id only on a private channel, so a public event cannot take over its history entry (issue 12.5)', () => {
    const NOTE = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';
    const stored = ev('private-App.Models.User.8164', NOTE, { id: 'X', type: 'App\\Notifications\\InvoicePaid' });
    assert.equal(mapper().map(stored).notification.id, 'X');
    assert.notEqual(mapper().map(ev('poster_room', NOTE, { id: 'X', type: 'App\\Notifications\\InvoicePaid' })).notification.id, 'X');
  });

  it('resolves a relative link on the Laravel app or drops it, never onto another host (issue 12.6)', () => {
    const url = (u: string): string => mapper().map(ev('c', 'x', { url: u })).notification.url;
    assert.equal(url('/posters/7'), 'https://app.acme.test/posters/7');
    for (const evil of ['/\\evil.test/x', '/\t/evil.test/x', '\\\\evil.test/x', '/\\/evil.test', '\\/evil.test/x', '//evil.test/x',
      '/\n/evil.test/x']) {
      const got = url(evil);
      assert.ok(got === '' || new URL(got).origin === 'https://app.acme.test', `${JSON.stringify(evil)} became ${got}`);
      assert.ok(!got.includes('evil.test') || got.startsWith('https://app.acme.test/'), got);
    }
    assert.equal(url('https://elsewhere.test/a'), 'https://elsewhere.test/a',
      'an absolute link stays as sent; the opener applies the policy');
  });
});

describe('per-event work done once', () => {
  it('ids: UUID-shaped, distinct within a run and between runs', () => {
    const a = sequentialIds();
    const b = sequentialIds();
    const ids = [a(), a(), a(), b(), b()];
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('normalize drops Laravel\'s socket key without touching the payload it was given', () => {
    const data = { socket: null, title: 'x' };
    const n = normalize({ channel: 'c', event: 'e', data }, 'redis', new Date(0), 1000);
    assert.ok(n.ok);
    assert.deepEqual(n.event.data, { title: 'x' });
    assert.deepEqual(data, { socket: null, title: 'x' });
    const kept = normalize({ channel: 'c', event: 'e', data: { socket: { id: 1 } } }, 'redis', new Date(0), 1000);
    assert.ok(kept.ok && 'socket' in kept.event.data, 'a payload field that is not the socket id stays');
  });
});
