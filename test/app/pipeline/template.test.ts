import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelMatcher, expandChannel } from '../../../app/pipeline/channel-pattern.js';
import { compileTemplate, renderTemplate } from '../../../app/pipeline/template.js';

describe('templates and channel patterns', () => {
  it('fills dot paths, array indexes and context; missing or non-scalar values are empty', () => {
    const data = { todo: { title: 'Buy milk', tags: ['home', 'urgent'], meta: { a: 1 } }, n: 0 };
    assert.equal(renderTemplate('{{todo.title}} #{{ todo.tags.1 }} {{n}}', data, {}), 'Buy milk #urgent 0');
    assert.equal(renderTemplate('[{{todo.missing}}][{{todo.meta}}][{{__proto__.x}}]', data, {}), '[][][]');
    assert.equal(renderTemplate('{{$channel}}/{{$userId}}', data, { channel: 'c', userId: '7' }), 'c/7');
  });

  it('expands {userId} and matches * patterns literally otherwise', () => {
    assert.equal(expandChannel('private-App.Models.User.{userId}', '8164'), 'private-App.Models.User.8164');
    const m = channelMatcher('private-todoevent.*.{userId}', '8164');
    assert.ok(m('private-todoevent.updated.8164'));
    assert.ok(!m('private-todoevent.updated.8165'));
    assert.ok(!channelMatcher('poster.room', '1')('posterXroom'), 'a dot is a dot');
  });

  it('inserts a user id literally: `$&`, `$`` and `$1` in an id are not replacement patterns (issue 12.8)', () => {
    const id = 'a$&b$`c$\'d$1';
    assert.equal(expandChannel('private-User.{userId}.x', id), `private-User.${id}.x`);
    assert.ok(channelMatcher('private-User.{userId}', id)(`private-User.${id}`));
  });

  it('renders only the payload\'s and the context\'s own properties, never inherited ones (issue 12.8)', () => {
    assert.equal(renderTemplate('[{{$constructor}}][{{$toString}}][{{$__proto__}}]', {}, { channel: 'c' }), '[][][]');
    assert.equal(renderTemplate('[{{constructor}}][{{toString}}][{{items.length}}]', { items: [1] }, {}), '[][][]');
  });

  it('a compiled template fills every event the same way as rendering it afresh', () => {
    const t = compileTemplate('{{ title }} by {{user.name}} on {{$channel}}{{missing}}!');
    const ctx = { channel: 'c' };
    for (const data of [{ title: 'A', user: { name: 'Bob' } }, { title: 2 }, {}]) {
      assert.equal(t(data, ctx), renderTemplate('{{ title }} by {{user.name}} on {{$channel}}{{missing}}!', data, ctx));
    }
    assert.equal(t({ title: 'A', user: { name: 'Bob' } }, ctx), 'A by Bob on c!');
    assert.equal(compileTemplate('no placeholders')({}, {}), 'no placeholders');
  });
});
