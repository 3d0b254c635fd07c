import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPusherAuthAnswer } from '../../../app/transport/pusher-auth-answer.js';
import { describePusherError, pusherErrorAction, readPusherError } from '../../../app/transport/pusher-errors.js';

describe('Pusher protocol error codes', () => {
  it('4000-4099 give up, 4100-4199 back off, 4200-4299 reconnect at once, the rest backs off', () => {
    assert.deepEqual([4001, 4009, 4099, 4100, 4199, 4200, 4201, 4299, 4301, 1006, undefined].map(pusherErrorAction), [
      'give-up', 'give-up', 'give-up', 'backoff', 'backoff', 'reconnect-now', 'reconnect-now', 'reconnect-now',
      'backoff', 'backoff', 'backoff',
    ]);
  });

  it('says what a code means, with the server\'s own words when they add something', () => {
    assert.equal(
      describePusherError({ code: 4001, message: 'App key nope does not exist.' }),
      '4001 application does not exist: check connection.key (PUSHER_APP_KEY / REVERB_APP_KEY) and the server ("App key nope does not '
        + 'exist.")',
    );
    assert.equal(describePusherError({ code: 4100, message: 'Over capacity' }), '4100 over capacity');
    assert.equal(describePusherError({ code: 1006, message: undefined }), '1006 WebSocket closed');
    assert.equal(describePusherError({ code: undefined, message: 'Invalid signature' }), 'pusher:error "Invalid signature"');
  });

  it('reads error data as an object (Pusher) or a JSON string (Reverb), and close events', () => {
    assert.deepEqual(
      readPusherError({ code: 4009, message: 'Connection is unauthorized' }),
      { code: 4009, message: 'Connection is unauthorized' },
    );
    assert.deepEqual(
      readPusherError('{"code":4001,"message":"Application does not exist"}'),
      { code: 4001, message: 'Application does not exist' },
    );
    assert.deepEqual(readPusherError({ code: 1006, reason: '' }), { code: 1006, message: undefined });
    assert.equal(readPusherError(42), undefined);
  });
});

describe("Laravel's /broadcasting/auth answer for the pusher broadcaster", () => {
  it('passes the signature, the presence channel_data string and the shared secret on', () => {
    assert.deepEqual(
      readPusherAuthAnswer('private-a', { ok: true, status: 200, body: { auth: 'key:sig' } }),
      { ok: true, data: { auth: 'key:sig' } },
    );
    assert.deepEqual(
      readPusherAuthAnswer('presence-a', { ok: true, status: 200, body: { auth: 'key:sig', channel_data: '{"user_id":1}' } }),
      { ok: true, data: { auth: 'key:sig', channel_data: '{"user_id":1}' } },
    );
    assert.deepEqual(
      readPusherAuthAnswer('private-encrypted-a', { ok: true, status: 200, body: { auth: 'key:sig', shared_secret: 'c2VjcmV0' } }),
      { ok: true, data: { auth: 'key:sig', shared_secret: 'c2VjcmV0' } },
    );
  });

  it('explains answers that cannot work instead of sending them to the server', () => {
    const redisWay = readPusherAuthAnswer('private-a', { ok: true, status: 200, body: true });
    assert.ok(!redisWay.ok);
    assert.match(redisWay.status.reason ?? '', /redis-broadcaster way .*BROADCAST_DRIVER=pusher/);
    const noSecret = readPusherAuthAnswer('private-encrypted-a', { ok: true, status: 200, body: { auth: 'key:sig' } });
    assert.ok(!noSecret.ok);
    assert.match(noSecret.status.reason ?? '', /no "shared_secret".*encryption_master_key_base64/);
    const noData = readPusherAuthAnswer('presence-a', { ok: true, status: 200, body: { auth: 'key:sig' } });
    assert.ok(!noData.ok);
    assert.match(noData.status.reason ?? '', /no "channel_data"/);
  });

  it('maps refusals like every transport does, and retries only what may pass', () => {
    const expired = readPusherAuthAnswer('private-a', { ok: false, status: 401, reason: 'HTTP 401' });
    assert.deepEqual(
      expired,
      {
        ok: false,
        transient: false,
        status: { channel: 'private-a', state: 'expired', httpStatus: 401, reason: 'session expired: log in again' },
      },
    );
    const down = readPusherAuthAnswer('private-a', { ok: false, status: 0, reason: 'Laravel unreachable: ECONNREFUSED' });
    assert.ok(!down.ok && down.transient);
  });
});
