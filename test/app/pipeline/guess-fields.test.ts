import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessTitleAndBody, senderName } from '../../../app/pipeline/guess-fields.js';
import { NotificationMapper } from '../../../app/pipeline/mapper.js';
import { normalize } from '../../../app/pipeline/normalize.js';

const at = new Date('2026-11-21T10:00:00.000Z');

function mapped(event: string, data: Record<string, unknown>, rules: ConstructorParameters<typeof NotificationMapper>[0] = []) {
  const n = normalize({ channel: 'chat', event, data }, 'redis', at, 1_000_000);
  assert.ok(n.ok);
  return new NotificationMapper(rules, '8164', 'https://app.acme.test', () => 'id').map(n.event).notification;
}

describe('default titles and bodies guessed from the payload', () => {
  it('a chat-like event says who sent it and shows the message', () => {
    const chat = mapped('App\\Events\\ChatMessage', { message: '下午三点开会', user: { id: 3, name: 'Li Wei' } });
    assert.equal(chat.title, 'Message from Li Wei');
    assert.equal(chat.body, '下午三点开会');
    assert.equal(mapped('MessageSent', { text: 'hi', sender: 'Ana' }).title, 'Message from Ana');
    assert.equal(mapped('MessageSent', { body: 'hi', from: { username: 'bo' } }).title, 'Message from bo');
    assert.equal(mapped('MessageSent', { message: 'hi', author: { display_name: 'Kim' } }).title, 'Message from Kim');
  });

  it('the payload\'s own title or subject wins over the sender, and a rule\'s template over both', () => {
    assert.equal(mapped('ChatMessage', { title: 'Standup', message: 'now', user: { name: 'Li Wei' } }).title, 'Standup');
    const rules = [
      {
        channel: undefined, event: 'ChatMessage', title: 'Chat: {{user.name}}',
        body: undefined, url: undefined, urgency: undefined, mute: false,
      },
    ];
    assert.equal(mapped('ChatMessage', { message: 'now', user: { name: 'Li Wei' } }, rules).title, 'Chat: Li Wei');
  });

  it('names what changed: a `name` field, or the title/name of the one model the event carries', () => {
    assert.equal(mapped('App\\Events\\TodoEventUpdated', { todo: { id: 5, title: 'Buy milk' } }).title, 'Todo event updated: Buy milk');
    assert.equal(mapped('ProjectArchived', { name: 'Q3 report' }).title, 'Project archived: Q3 report');
    assert.equal(mapped('ProjectArchived', { project: { id: 1, name: 'Q3', owner: { name: 'x' } } }).title, 'Project archived: Q3');
    const plain = mapped('App\\Events\\TodoEventUpdated', { todo: { id: 5 } });
    assert.equal(plain.title, 'Todo event updated', 'nothing better: the readable event name');
  });

  it('a message without a sender stays the body, not the title; no sender when the user is not a name', () => {
    const plain = mapped('ServerNotice', { message: 'Restart at 18:00' });
    assert.equal(plain.title, 'Server notice');
    assert.equal(plain.body, 'Restart at 18:00');
    assert.equal(senderName({ user: { id: 3 } }), undefined);
    assert.equal(senderName({ user: 7 }), undefined);
    assert.equal(senderName({ user: { name: '   ' } }), undefined);
    const notChat = guessTitleAndBody({ user: { name: 'Li Wei' } }, 'User logged in');
    assert.deepEqual(notChat, { title: 'User logged in: Li Wei', body: undefined }, 'no message: not chat');
  });

  it('reads only the payload’s own fields, never what its prototype carries', () => {
    const inherited = { title: 'inherited', message: 'inherited', sender: 'inherited', name: 'inherited', url: 'https://evil.test' };
    const data = Object.create(inherited) as Record<string, unknown>;
    data.todo = Object.create(inherited) as Record<string, unknown>;
    assert.deepEqual(guessTitleAndBody(data, 'Todo updated'), { title: 'Todo updated', body: undefined });
    assert.equal(senderName(data), undefined);
    // `constructor` and `toString` are on every object's prototype.
    assert.deepEqual(guessTitleAndBody({ user: {} }, 'Ping'), { title: 'Ping', body: undefined });
    assert.equal(mapped('Ping', { todo: {} }).title, 'Ping');
  });
});
