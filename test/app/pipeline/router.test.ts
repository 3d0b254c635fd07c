import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BroadcastEvent } from '../../../app/pipeline/notification.js';
import { Router } from '../../../app/pipeline/router.js';

const NOTIFICATION = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';

function ev(channel: string, event: string, data: Record<string, unknown> = {}): BroadcastEvent {
  return { channel, event, shortEvent: event, data, transport: 'redis', receivedAt: new Date() };
}

describe('router', () => {
  it('delivers only events on channels we hold', () => {
    const router = new Router((c) => c === 'poster_room');
    assert.equal(router.route(ev('poster_room', 'backend_poster')), 'deliver');
    assert.equal(router.route(ev('private-todoevent.updated.9', 'X')), 'not-subscribed');
  });

  it('shows the same Laravel notification id once, but plain events every time', () => {
    const router = new Router(() => true);
    const n = ev('private-App.Models.User.1', NOTIFICATION, { id: 'uuid-1', type: 'App\\Notifications\\X' });
    assert.equal(router.route(n), 'deliver');
    assert.equal(router.route(n), 'duplicate');
    assert.equal(router.route(ev('private-App.Models.User.1', NOTIFICATION, { id: 'uuid-2' })), 'deliver');
    assert.equal(router.route(ev('poster_room', 'backend_poster', { id: 7 })), 'deliver');
    assert.equal(router.route(ev('poster_room', 'backend_poster', { id: 7 })), 'deliver', 'two poster updates are two events');
  });

  it('remembers ids from history and forgets the oldest beyond its memory', () => {
    const router = new Router(() => true, 2);
    router.remember('c', 'old');
    assert.equal(router.route(ev('c', NOTIFICATION, { id: 'old' })), 'duplicate');
    router.route(ev('c', NOTIFICATION, { id: 'a' }));
    router.route(ev('c', NOTIFICATION, { id: 'b' }));
    assert.equal(router.route(ev('c', NOTIFICATION, { id: 'old' })), 'deliver', 'bounded memory');
  });

  it('dedupes per channel: an id on a public channel cannot hide the notification on the private one (issue 12.5)', () => {
    const router = new Router(() => true);
    assert.equal(router.route(ev('poster_room', NOTIFICATION, { id: 'X' })), 'deliver');
    assert.equal(router.route(ev('private-App.Models.User.1', NOTIFICATION, { id: 'X', type: 'App\\Notifications\\InvoicePaid' })),
      'deliver');
    assert.equal(router.route(ev('private-App.Models.User.1', NOTIFICATION, { id: 'X' })), 'duplicate');
    router.remember('private-App.Models.User.1', 'Y');
    assert.equal(router.route(ev('poster_room', NOTIFICATION, { id: 'Y' })), 'deliver');
  });
});
