import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProfile, ProfileError, type ConnectionSettings } from '../../../app/profile/profile.js';

const base = { laravel: { url: 'https://app.acme.test' }, channels: ['poster_room'] };

function connection(c: Record<string, unknown>): ConnectionSettings {
  return parseProfile({ ...base, connection: c }).profile.connection;
}

/** The problems a ProfileError lists for this connection (none: the profile was accepted). */
function problems(c: Record<string, unknown>): readonly string[] {
  let found: readonly string[] = [];
  assert.throws(() => parseProfile({ ...base, connection: c }), (err) => err instanceof ProfileError && (found = err.problems).length > 0);
  return found;
}

describe('profile connection: pusher, reverb and relay broadcasters', () => {
  it('reads laravel-echo\'s Pusher keys with Node-safe defaults', () => {
    const c = connection({ broadcaster: 'pusher', key: 'abc', cluster: 'eu' });
    assert.equal(c.broadcaster, 'pusher');
    if (c.broadcaster !== 'pusher') return;
    assert.deepEqual([c.key, c.cluster, c.wsHost, c.forceTLS, c.enabledTransports], ['abc', 'eu', undefined, true, ['ws', 'wss']]);
    assert.equal(c.host, 'wss://ws-eu.pusher.com/app/abc');
  });

  it('reads a Reverb server on its own host and port', () => {
    const c = connection({
      broadcaster: 'reverb', key: 'r', wsHost: 'ws.acme.test', wsPort: 8080, forceTLS: false, enabledTransports: ['ws'],
    });
    assert.equal(c.broadcaster, 'reverb');
    if (c.broadcaster !== 'reverb') return;
    assert.equal(c.host, 'ws://ws.acme.test:8080/app/r');
  });

  it('names what is missing or wrong', () => {
    assert.ok(problems({ broadcaster: 'pusher', cluster: 'eu' }).includes('connection.key: missing (required)'));
    assert.ok(problems({ broadcaster: 'pusher', key: 'k' }).some((p) => p.startsWith('connection.cluster: missing')));
    assert.ok(problems({ broadcaster: 'reverb', key: 'k' }).some((p) => p.startsWith('connection.wsHost: missing (required for Reverb)')));
    assert.ok(problems({ broadcaster: 'reverb', key: 'k', wsHost: 'https://ws.acme.test' })
      .some((p) => p.startsWith('connection.wsHost: expected a host name')));
    assert.ok(problems({ broadcaster: 'pusher', key: 'k', cluster: 'eu', enabledTransports: ['xhr_polling'] })
      .some((p) => p.startsWith('connection.enabledTransports[0]: only "ws" and "wss"')));
    assert.ok(problems({ broadcaster: 'pusher', key: 'k', cluster: 'eu', wsPort: 70000 })
      .includes('connection.wsPort: must be between 1 and 65535, got 70000'));
    assert.ok(problems({ broadcaster: 'pusherr' })
      .some((p) => p === 'connection.broadcaster: must be one of "socket.io", "pusher", "reverb", "relay", "redis", got "pusherr"'));
  });

  it('accepts the empty cluster laravel-echo gives for Soketi (MIX_PUSHER_APP_CLUSTER unset) beside a wsHost, as pusher-js does', () => {
    const input = { ...base, connection: { broadcaster: 'pusher', key: 'app-key', cluster: '', wsHost: '127.0.0.1', wsPort: 6001,
      forceTLS: false } };
    const { profile, warnings } = parseProfile(input);
    assert.deepEqual(warnings, []);
    const c = profile.connection;
    assert.deepEqual(c.broadcaster === 'pusher' && [c.cluster, c.wsHost, c.host], [undefined, '127.0.0.1',
      'ws://127.0.0.1:6001/app/app-key']);
    assert.ok(problems({ broadcaster: 'pusher', key: 'k', cluster: '' }).some((p) => p.startsWith('connection.cluster: missing')),
      'Pusher cloud still needs it');
  });

    it('reads the plain relay with the Redis prefix and socket.io "auto" by default', () => {
    const c = connection({ broadcaster: 'relay', host: 'http://127.0.0.1:6001' });
    assert.equal(c.broadcaster, 'relay');
    if (c.broadcaster !== 'relay') return;
    assert.deepEqual([c.host, c.path, c.socketio, c.prefix], ['http://127.0.0.1:6001', '/socket.io', 'auto', 'laravel_database_']);
    const bare = connection({ broadcaster: 'relay', host: 'http://127.0.0.1:6001', prefix: '', socketio: 2 });
    assert.deepEqual(bare.broadcaster === 'relay' && [bare.prefix, bare.socketio], ['', 2]);
  });

  it('keeps socket.io\'s defaults (laravel-echo-server is socket.io 2)', () => {
    const c = connection({ broadcaster: 'socket.io', host: 'http://127.0.0.1:6001' });
    assert.deepEqual(c.broadcaster === 'socket.io' && [c.socketio, c.path], [2, '/socket.io']);
    assert.deepEqual(parseProfile({ ...base, connection: { broadcaster: 'relay', host: 'http://h:1', sentinels: [] } }).warnings,
      ['connection.sentinels: unknown key, ignored']);
  });

  it("passes pusher-js's liveness timings (connection.activityTimeout, connection.pongTimeout, ms) with its defaults", () => {
    const d = connection({ broadcaster: 'pusher', key: 'k', cluster: 'eu' });
    assert.deepEqual(d.broadcaster === 'pusher' && [d.activityTimeout, d.pongTimeout], [120_000, 30_000]);
    const c = connection({ broadcaster: 'reverb', key: 'k', wsHost: 'h', activityTimeout: 20_000, pongTimeout: 5000 });
    assert.deepEqual(c.broadcaster === 'reverb' && [c.activityTimeout, c.pongTimeout], [20_000, 5000]);
    assert.ok(problems({ broadcaster: 'pusher', key: 'k', cluster: 'eu', activityTimeout: 50 })
      .includes('connection.activityTimeout: must be between 100 and 3600000, got 50'));
    assert.ok(problems({ broadcaster: 'pusher', key: 'k', cluster: 'eu', pongTimeout: '30s' })
      .includes('connection.pongTimeout: expected a whole number, got "30s"'));
  });

  it('spreads reconnection after a server-side drop over connection.reconnectionWindow (default 20 × reconnectionDelay, within the cap)',
    () => {
    assert.equal(connection({ broadcaster: 'socket.io', host: 'http://h:1' }).reconnectionWindow, 20_000);
    const capped = connection({ broadcaster: 'redis', url: 'redis://h', reconnectionDelay: 50, reconnectionDelayMax: 400 });
    assert.equal(capped.reconnectionWindow, 400);
    assert.equal(connection({ broadcaster: 'socket.io', host: 'http://h:1', reconnectionWindow: 0 }).reconnectionWindow, 0);
    assert.ok(problems({ broadcaster: 'socket.io', host: 'http://h:1', reconnectionWindow: -1 })
      .includes('connection.reconnectionWindow: must be between 0 and 600000, got -1'));
  });
});
