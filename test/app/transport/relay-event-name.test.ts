import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitRelayEvent } from '../../../app/transport/relay-event-name.js';

describe('the plain relay\'s event names', () => {
  const held = ['poster_room', 'private-App.Models.User.8164', 'private-todoevent.updated.8164'];

  it('splits <prefix><channel>:<event> against the channels held, whatever the event name holds', () => {
    assert.deepEqual(splitRelayEvent(
      'laravel_database_private-App.Models.User.8164:Illuminate\\Notifications\\Events\\BroadcastNotificationCreated',
      'laravel_database_',
      held,
    ), {
      channel: 'private-App.Models.User.8164',
      event: 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated',
    });
    assert.deepEqual(
      splitRelayEvent('laravel_database_poster_room:wechat.login:v2', 'laravel_database_', held),
      { channel: 'poster_room', event: 'wechat.login:v2' },
    );
    assert.deepEqual(splitRelayEvent('poster_room:backend_poster', '', held), { channel: 'poster_room', event: 'backend_poster' });
  });

  it('prefers the longest channel that fits and ignores channels not held', () => {
    assert.deepEqual(splitRelayEvent('p_room:a:b', 'p_', ['room', 'room:a']), { channel: 'room:a', event: 'b' });
    assert.equal(
      splitRelayEvent('laravel_database_private-todoevent.updated.42:App\\Events\\TodoEventUpdated', 'laravel_database_', held),
      undefined,
    );
    assert.equal(splitRelayEvent('poster_room:backend_poster', 'laravel_database_', held), undefined, 'the prefix is part of the name');
  });
});
