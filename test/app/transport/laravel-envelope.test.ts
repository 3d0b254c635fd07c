import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEnvelope } from '../../../app/transport/laravel-envelope.js';

const CHANNEL = 'private-todoevent.updated.8164';
const wire = (text: string): { channel: string; envelope: Buffer } => ({ channel: CHANNEL, envelope: Buffer.from(text, 'utf8') });

describe('readEnvelope (Laravel’s Redis broadcast payload)', () => {
  it('reads the event and data RedisBroadcaster wrote, with the size on the wire', () => {
    const text = JSON.stringify({ event: 'App\\Events\\TodoEventUpdated', data: { todo: { id: 7, title: '写报告' } }, socket: null });
    assert.deepEqual(readEnvelope(wire(text)), {
      channel: CHANNEL,
      event: 'App\\Events\\TodoEventUpdated',
      data: { todo: { id: 7, title: '写报告' } },
      bytes: Buffer.byteLength(text),
    });
  });

  it('says why what arrived is not an envelope, with a sample for the log', () => {
    const notJson = readEnvelope(wire('{"event": "x", '));
    assert.ok('reason' in notJson && notJson.reason.startsWith('not JSON: '), JSON.stringify(notJson));
    assert.equal(notJson.channel, CHANNEL);
    for (const text of ['[1,2]', '"text"', 'null', '42']) {
      assert.deepEqual(readEnvelope(wire(text)), {
        channel: CHANNEL,
        reason: 'not a Laravel broadcast envelope ({"event", "data", "socket"})',
        sample: text,
      });
    }
  });

  it('leaves checking the event and data to the pipeline: an envelope without them still reads', () => {
    assert.deepEqual(readEnvelope(wire('{}')), { channel: CHANNEL, event: undefined, data: undefined, bytes: 2 });
  });
});
