import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPrefix } from '../../../app/doctor/redis-checks.js';
import { explainChannelAuth, expiryText } from '../../../app/doctor/laravel-checks.js';
import { findPrefixes, laravelEnvelopeEvent, prefixOf } from '../../../app/doctor/prefix.js';
import { readHandshake } from '../../../app/doctor/relay-probe.js';

const ctx = { userId: '8164', authEndpoint: '/broadcasting/auth', allRefusedAlike: false };
const CH = 'private-todoevent.updated.8164';

describe('doctor: /broadcasting/auth answers in words', () => {
  it('419 and 302 mean the web guard, not the api guard', () => {
    const csrf = explainChannelAuth(CH, { ok: false, status: 419, reason: 'HTTP 419: CSRF token mismatch.' }, ctx);
    assert.equal(csrf.ok, false);
    assert.match(
      csrf.detail,
      /HTTP 419 \(CSRF token mismatch\) from \/broadcasting\/auth: you are hitting the web guard, not the api guard/,
    );
    assert.match(csrf.fix, /Broadcast::routes\(\['middleware' => \['auth:api'\]\]\)/);
    const redirect = explainChannelAuth(
      CH,
      {
        ok: false,
        status: 302,
        reason: 'redirected to http://app/login: /broadcasting/auth is behind the web (session) guard, not the api guard',
      },
      ctx,
    );
    assert.match(redirect.detail, /redirected to http:\/\/app\/login.*: you are hitting the web guard, not the api guard/);
  });

  it('401 is a token the route does not accept; 403 a channel refused for this user', () => {
    assert.match(
      explainChannelAuth(CH, { ok: false, status: 401, reason: 'HTTP 401' }, ctx).detail,
      /does not accept the token that laravel\.me accepts/,
    );
    const refused = explainChannelAuth(CH, { ok: false, status: 403, reason: 'HTTP 403' }, ctx);
    assert.equal(refused.detail, `HTTP 403: Laravel refused ${CH} for user 8164`);
    assert.match(refused.fix, /\{userId\} becomes 8164/);
    const all = explainChannelAuth(CH, { ok: false, status: 403, reason: 'HTTP 403' }, { ...ctx, allRefusedAlike: true });
    assert.match(all.detail, /every private channel is refused/);
    assert.match(all.fix, /auth:api/);
  });

  it('404, 0 and 500 each name their cause', () => {
    assert.match(explainChannelAuth(CH, { ok: false, status: 404, reason: 'HTTP 404' }, ctx).fix, /Broadcast::routes\(\)/);
    assert.match(
      explainChannelAuth(CH, { ok: false, status: 0, reason: 'Laravel unreachable: ECONNREFUSED' }, ctx).detail,
      /^Laravel unreachable/,
    );
    assert.match(explainChannelAuth(CH, { ok: false, status: 500, reason: 'HTTP 500: Server Error' }, ctx).fix, /laravel\.log/);
    assert.equal(explainChannelAuth(CH, { ok: true, status: 200, body: true }, ctx).ok, true);
  });

  it('says when the token expires, and warns when it is soon', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    assert.equal(expiryText(new Date('2026-01-01T11:00:00Z'), now), 'the token expires at 2026-01-01T11:00:00.000Z (in 60 min)');
    assert.match(expiryText(new Date('2026-01-01T10:05:00Z'), now), /in 5 min\): soon/);
    assert.match(expiryText(undefined, now), /does not say when it expires/);
  });
});

describe('doctor: engine.io handshakes', () => {
  it('tells engine.io 3 framing (socket.io v2) from engine.io 4', () => {
    const open = '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}';
    const v3 = readHandshake(200, `${open.length}:${open}2:40`);
    assert.deepEqual(v3, { kind: 'open', eio: 3, sid: 'abc', pingInterval: 25000, pingTimeout: 20000 });
    const v4 = readHandshake(200, '0{"sid":"xyz","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    assert.deepEqual(v4, { kind: 'open', eio: 4, sid: 'xyz', pingInterval: 25000, pingTimeout: 20000 });
    assert.deepEqual(
      readHandshake(400, '{"code":5,"message":"Unsupported protocol version"}'),
      { kind: 'refused', status: 400, body: '{"code":5,"message":"Unsupported protocol version"}' },
    );
    assert.equal(readHandshake(200, 'OK').kind, 'refused');
  });
});

describe('doctor: the key prefix Laravel really uses', () => {
  const templates = ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}', 'poster_room'];

  it('finds the prefix in front of known channel names, any user id, or before private-/presence-', () => {
    assert.equal(prefixOf('acme_database_private-todoevent.updated.42', templates), 'acme_database_');
    assert.equal(prefixOf('poster_room', templates), '');
    assert.equal(prefixOf('x_presence-chat.lobby', templates), 'x_');
    assert.equal(prefixOf('something_else', templates), undefined);
  });

  it('reads only Laravel envelopes', () => {
    assert.equal(laravelEnvelopeEvent('{"event":"E","data":{"socket":null},"socket":null}'), 'E');
    assert.equal(laravelEnvelopeEvent('{"event":"E","data":{}}'), undefined);
    assert.equal(laravelEnvelopeEvent('not json'), undefined);
  });

  it('"your profile says X, the server uses Y", or confirms, or says it saw nothing', () => {
    const target = { url: 'redis://h', sentinels: [], name: undefined, prefix: 'laravel_database_', label: 'redis://h' };
    const seen = [
      { redisChannel: 'acme_database_poster_room', event: 'backend_poster' },
      { redisChannel: 'acme_database_private-App.Models.User.7', event: 'X' },
      { redisChannel: 'other', event: 'X' },
    ];
    assert.deepEqual(
      findPrefixes(seen, templates),
      { prefixes: [{ prefix: 'acme_database_', count: 2, example: 'acme_database_poster_room' }], unattributed: ['other'] },
    );
    const wrong = checkPrefix({ target, templates, seen, watchedMs: 5000, redisMode: false });
    assert.equal(wrong.ok, false);
    assert.equal(
      wrong.detail,
      'your profile says "laravel_database_", the server uses "acme_database_" (2 broadcast(s), e.g. on "acme_database_poster_room")',
    );
    assert.match(
      wrong.fix,
      /^set redis\.prefix to "acme_database_" in the profile, and laravel-echo-server's databaseConfig\.redis\.keyPrefix must be the same/,
    );
    const right = checkPrefix({ target: { ...target, prefix: 'acme_database_' }, templates, seen, watchedMs: 5000, redisMode: true });
    assert.equal(right.ok, true);
    const quiet = checkPrefix({ target, templates, seen: [], watchedMs: 5000, redisMode: true });
    assert.equal(quiet.ok, true);
    assert.match(quiet.detail, /^not confirmed: no broadcast from the app seen on Redis in 5 s/);
  });
});
