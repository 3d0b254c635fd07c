import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import { EchoCore } from '../../../app/core/echo-core.js';
import { silentLogger } from '../../../app/log.js';
import { parseProfile } from '../../../app/profile/profile.js';
import type { ChannelAuthority, ChannelStatus, Transport, TransportListener } from '../../../app/transport/transport.js';

const A = 'private-todoevent.updated.8164';
const B = 'private-App.Models.User.8164';
const expired = (channel: string): ChannelStatus => ({ channel, state: 'expired', httpStatus: 401, reason: 'session expired' });

/** A core whose transport the test drives: it reports what the test says, and counts reconnects. */
function scriptedCore() {
  // Port 9 (discard) on loopback: nothing listens, so Laravel answers "unreachable" (status 0), never 401.
  const { profile } = parseProfile({
    name: 'test',
    laravel: { url: 'http://127.0.0.1:9' },
    connection: { broadcaster: 'redis', url: 'redis://127.0.0.1:9' },
    channels: [A, B],
  });
  let listener: TransportListener | undefined;
  let authority: ChannelAuthority | undefined;
  let reconnects = 0;
  const transport: Transport = {
    name: 'scripted',
    start: () => undefined,
    subscribe: () => undefined,
    unsubscribe: () => undefined,
    reconnectNow: () => void reconnects++,
    stop: async () => undefined,
  };
  const core = new EchoCore({
    profile,
    session: { token: 'old', userId: '8164', user: undefined, expiresAt: undefined },
    laravel: new LaravelClient(profile.laravel, { timeoutMs: 2000 }),
    logger: silentLogger,
    transportFactory: (_p, deps) => {
      listener = deps.listener;
      authority = deps.authority;
      return transport;
    },
  });
  const expiries: string[] = [];
  core.on('session-expired', (s) => expiries.push(s.channel));
  core.start();
  if (listener === undefined || authority === undefined) throw new Error('the core made no transport');
  return { core, listener, authority, expiries, reconnects: () => reconnects };
}

describe('EchoCore: a new session and the 401s of the old one', () => {
  it('a 401 answered for the old token after a new session came is not the new session expiring', async () => {
    const { core, listener, authority, expiries, reconnects } = scriptedCore();
    listener.onConnection({ state: 'connected', transport: 'scripted' });
    listener.onChannel(expired(A));
    assert.deepEqual(expiries, [A], 'the first 401 tells the app once');

    core.replaceSession({ token: 'fresh', userId: '8164', user: undefined, expiresAt: undefined });
    assert.equal(reconnects(), 1, 'the new session resubscribes on a new connection');
    // B's authorization was asked with the old token; its 401 lands before the old connection closed.
    listener.onChannel(expired(B));
    assert.deepEqual(expiries, [A], 'no second "session expired" for the fresh token');
    const answer = await authority.authorize(B);
    assert.notEqual(answer.status, 401, 'the fresh token is still asked for at Laravel, not refused on the old one\'s behalf');

    // Once the new connection is up, a 401 is about the fresh token: that one is real.
    listener.onConnection({ state: 'connected', transport: 'scripted' });
    listener.onChannel(expired(B));
    assert.deepEqual(expiries, [A, B]);
    await core.stop();
  });
});
