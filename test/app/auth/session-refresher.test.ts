import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJwt } from '../../../app/auth/jwt.js';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import { openSession, type Session } from '../../../app/auth/session.js';
import { SessionRefresher, type RefreshReason } from '../../../app/auth/session-refresher.js';
import { MemoryLogger } from '../../../app/log.js';
import { ALICE, fakeLaravelForSuite } from '../../support/stack.js';
import { FakeClock } from '../desktop/fake-clock.js';

const TTL = 30;

describe('SessionRefresher against tymon/jwt-auth\'s refresh (fake Laravel, injected clock)', () => {
  const clock = new FakeClock(new Date());
  const laravel = fakeLaravelForSuite({ users: [ALICE], tokenTtlSeconds: TTL, now: () => clock.now().getTime() });
  let client: LaravelClient;
  before(() => {
    client = new LaravelClient({
      url: laravel.url, login: '/api/login', me: '/api/user',
      authEndpoint: '/broadcasting/auth', refresh: '/api/refresh',
    });
  });

  function refresher(session: Session, random = 0.5): { r: SessionRefresher; refreshed: [Session, RefreshReason][]; refused: string[] } {
    const refreshed: [Session, RefreshReason][] = [];
    const refused: string[] = [];
    const r = new SessionRefresher(
      {
        client,
        clock,
        logger: new MemoryLogger(),
        random: () => random,
        onRefreshed: (s, why) => refreshed.push([s, why]),
        onRefused: (m) => refused.push(m),
      },
      session,
    );
    return { r, refreshed, refused };
  }

  it('refreshes at three quarters of the life minus the jitter, blacklists the old token, and keeps going', async (t) => {
    const session = await openSession(client, { token: laravel.issueToken(ALICE.id) });
    const { r, refreshed } = refresher(session, 0.5);
    r.start();
    t.after(() => {
      r.stop();
    });
    // 0.75 - 0.05 * 0.5 = 72.5 % of 30 s = 21.75 s
    clock.advance(21_700);
    assert.equal(refreshed.length, 0);
    const mark = laravel.requests.length;
    clock.advance(100);
    assert.equal(await r.refreshNow('timer'), 'refreshed', 'the timer\'s refresh is in flight; this call joins it');
    assert.equal(laravel.requests.slice(mark).filter((q) => q.path === '/api/refresh').length, 1);
    const [fresh, why] = refreshed[0] ?? assert.fail('no refresh');
    assert.equal(why, 'timer');
    assert.notEqual(fresh.token, session.token);
    assert.equal(fresh.userId, session.userId);
    assert.equal(laravel.userForToken(session.token), null, 'the old token is blacklisted');
    assert.equal(laravel.userForToken(fresh.token)?.id, ALICE.id);
    assert.equal(fresh.expiresAt?.getTime(), decodeJwt(fresh.token)?.expiresAt?.getTime());
    // Past the first token's expiry the chain goes on.
    clock.advance(22_000);
    await r.refreshNow('timer');
    assert.equal(refreshed.length, 2);
    assert.equal(laravel.userForToken(r.session.token)?.id, ALICE.id);
  });

  it('never refreshes an opaque (Sanctum) token on a timer', async (t) => {
    laravel.loginResponseShape = 'sanctum';
    t.after(() => {
      laravel.loginResponseShape = 'jwt';
    });
    const session = await openSession(client, { email: ALICE.email, password: ALICE.password });
    const { r } = refresher(session);
    r.start();
    assert.equal(r.dueAt, undefined);
    assert.equal(clock.pending, 0);
    assert.equal(r.isDue(), false);
    r.stop();
  });

  it('a refusal (401, expired behind auth:api) is reported once and stops: no loop, no timer', async () => {
    const session = await openSession(client, { token: laravel.issueToken(ALICE.id) });
    const { r, refused } = refresher(session);
    r.start();
    laravel.expireAllTokens();
    const mark = laravel.requests.length;
    assert.equal(await r.afterUnauthorized(), false);
    assert.equal(await r.afterUnauthorized(), false);
    assert.equal(await r.refreshNow('wake'), 'skipped');
    clock.advance(TTL * 1000);
    assert.equal(refused.length, 1);
    assert.match(refused[0] ?? '', /refused to refresh the token \(HTTP 401: Unauthenticated\.\): log in again$/);
    assert.equal(laravel.requests.slice(mark).filter((q) => q.path === '/api/refresh').length, 1);
    r.stop();
  });

  it('one refresh for a 401; a 401 with the token that refresh gave is final', async () => {
    const session = await openSession(client, { token: laravel.issueToken(ALICE.id) });
    const { r, refreshed } = refresher(session);
    assert.equal(await r.afterUnauthorized(), true);
    assert.equal(refreshed[0]?.[1], 'unauthorized');
    assert.equal(await r.afterUnauthorized(), false, 'the relay refused the fresh token too: the session is over');
    r.stop();
  });

  it('Laravel unreachable (503): retried at half the time left, before the token dies', async () => {
    const session = await openSession(client, { token: laravel.issueToken(ALICE.id) });
    const { r, refreshed, refused } = refresher(session, 0);
    r.start();
    laravel.setDown('503');
    try {
      clock.advance(22_500);
      assert.equal(await r.refreshNow('timer'), 'failed');
      assert.equal(clock.pending, 1, 'a retry is scheduled');
    } finally {
      laravel.setDown(false);
    }
    // 7.5 s were left: the retry comes after half of that, well before the expiry.
    clock.advance(3_700);
    assert.equal(refreshed.length, 0);
    clock.advance(50);
    assert.equal(await r.refreshNow('timer'), 'refreshed', 'joins the retry in flight');
    assert.equal(refreshed.length, 1);
    assert.equal(refused.length, 0);
    r.stop();
  });
});
