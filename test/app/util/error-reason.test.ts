import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorWithCause } from '../../../app/util/error-reason.js';

/** engine.io-client's TransportError: a message, and the underlying failure as `description`. */
function transportError(description: unknown): Error {
  return Object.assign(new Error('websocket error'), { type: 'TransportError', description });
}

describe('errorWithCause', () => {
  it('adds a network cause (fetch and socket.io-client 4 set `cause`)', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6001'), { code: 'ECONNREFUSED' });
    const expected = 'fetch failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:6001)';
    assert.equal(errorWithCause(Object.assign(new Error('fetch failed'), { cause })), expected);
  });

  it('reads the ErrorEvent that ws hands engine.io-client, e.g. a refused handshake\'s status', () => {
    const event = { type: 'error', message: 'Unexpected server response: 503', error: new Error('Unexpected server response: 503') };
    assert.equal(errorWithCause(transportError(event)), 'websocket error: Unexpected server response: 503');
  });

  it('keeps a numeric description (engine.io polling status) and ignores an empty one', () => {
    assert.equal(errorWithCause(transportError(502)), 'websocket error (502)');
    assert.equal(errorWithCause(transportError({ message: '' })), 'websocket error');
    assert.equal(errorWithCause(transportError(null)), 'websocket error');
    assert.equal(errorWithCause('plain words'), 'plain words');
  });
});
