// 429/503 ("busy"): Retry-After read in one place, and nobody asks again before it has passed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LaravelClient, type ChannelAuthResult } from '../../../app/auth/laravel-client.js';
import { ChannelBook } from '../../../app/transport/channel-book.js';
import { PrivateChannelGate } from '../../../app/transport/private-channel-gate.js';
import { BusyWaits, busyDelay, busyReason, isBusyStatus, MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../../app/transport/retry-after.js';
import type { ChannelStatus } from '../../../app/transport/transport.js';
import { FakeClock } from '../desktop/fake-clock.js';
import { ALICE, BOB, fakeLaravelForSuite } from '../../support/stack.js';

const NOW = Date.parse('2026-12-02T01:00:00Z');

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates, in ms from now', () => {
    assert.equal(parseRetryAfter('7', NOW), 7000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
    assert.equal(parseRetryAfter('Wed, 02 Dec 2026 01:00:30 GMT', NOW), 30_000);
    assert.equal(parseRetryAfter('Wed, 02 Dec 2026 00:59:00 GMT', NOW), 0, 'a date in the past means now');
  });

  it('ignores what is not a Retry-After, and caps what is absurdly long', () => {
    for (const junk of [undefined, '', '-3', '1.5', 'soon', 'Wed, 02 Dec 2026 01:00:30']) {
      assert.equal(parseRetryAfter(junk, NOW), undefined, String(junk));
    }
    assert.equal(parseRetryAfter('86400', NOW), MAX_RETRY_AFTER_MS);
  });

  it('429 and 503 are "busy"; other refusals are not', () => {
    assert.deepEqual([429, 503, 500, 502, 403, 401, 0].map(isBusyStatus), [true, true, false, false, false, false, false]);
  });

  it('waits Retry-After plus up to the jitter, never less', () => {
    const policy = (r: number) => ({ fallbackMs: 5000, jitterMs: 2000, random: () => r });
    assert.equal(busyDelay(7000, 1, policy(0)), 7000);
    assert.equal(busyDelay(7000, 5, policy(0.5)), 8000, 'a named wait does not grow with repeats');
    assert.ok(busyDelay(7000, 1, policy(0.999999)) <= 9000);
  });

  it('without Retry-After: the fallback, doubled per busy answer in a row, at most 8×', () => {
    const policy = { fallbackMs: 1000, jitterMs: 0, random: () => 0 };
    assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => busyDelay(undefined, n, policy)), [1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('says "server busy, retrying in N s" in whole seconds', () => {
    assert.equal(busyReason(7200), 'server busy, retrying in 8 s');
    assert.equal(busyReason(10), 'server busy, retrying in 1 s');
  });

  it('BusyWaits: asks again only when the clock reaches the wait; cancelAll forgets', () => {
    const clock = new FakeClock(new Date(NOW));
    const waits = new BusyWaits(clock, { fallbackMs: 1000, jitterMs: 1000, random: () => 0.25 });
    let asked = 0;
    assert.equal(waits.wait('a', 3000, () => asked++), 3250);
    clock.advance(3249);
    assert.equal(asked, 0);
    clock.advance(1);
    assert.equal(asked, 1);
    waits.wait('a', undefined, () => asked++);
    waits.cancelAll();
    clock.advance(60_000);
    assert.equal(asked, 1);
  });
});

describe('private channels behind a throttled /broadcasting/auth (fake Laravel at a fixed rate)', () => {
  const laravel = fakeLaravelForSuite({ users: [ALICE, BOB] });

  it('no request before Retry-After (+ jitter); the channel waits as "server busy", not as an error', async () => {
    laravel.throttleAuth({ perWindow: 1, retryAfterSeconds: 7, windowMs: 60_000 });
    const clock = new FakeClock(new Date());
    const client = new LaravelClient({ url: laravel.url, login: '/api/login', me: '/api/user', authEndpoint: '/broadcasting/auth' });
    const token = laravel.issueToken(ALICE.id);
    const answers: ChannelAuthResult[] = [];
    let inFlight = Promise.resolve();
    let asks = 0;
    const authority = {
      token: () => token,
      authorize: (channel: string): Promise<ChannelAuthResult> => {
        asks++;
        const p = client.authorizeChannel(token, channel).then((a) => {
          answers.push(a);
          return a;
        });
        inFlight = p.then(() => undefined);
        return p;
      },
    };
    const statuses: ChannelStatus[] = [];
    const book = new ChannelBook({ onChannel: (s) => statuses.push(s) }, 0, 60_000);
    const gate = new PrivateChannelGate(
      {
        authority,
        listener: { onPresence: () => undefined },
        settings: { reconnectionDelay: 50, reconnectionDelayMax: 400 },
        clock,
        busyPolicy: { fallbackMs: 1000, jitterMs: 2000, random: () => 0.5 },
      },
      book,
    );
    const admitted: string[] = [];
    const open = (channel: string): void => {
      book.add(channel);
      gate.open(channel, () => {
        book.confirmed(channel);
        admitted.push(channel);
      });
    };
    const first = `private-todoevent.updated.${ALICE.id}`;
    const second = `private-App.Models.User.${ALICE.id}`;
    open(first);
    await inFlight;
    open(second);
    await inFlight;
    await laravel.waitForRequest((r) => r.status === 429, { since: 0 });
    await new Promise<void>((r) => setImmediate(r)); // the gate reads the answer
    assert.deepEqual(admitted, [first]);
    const throttled = answers.at(-1);
    assert.ok(throttled && !throttled.ok && throttled.status === 429 && throttled.retryAfter === '7', JSON.stringify(throttled));
    assert.deepEqual(book.status(second), { channel: second, state: 'pending', httpStatus: 429, reason: 'server busy, retrying in 8 s' });
    assert.ok(!statuses.some((s) => s.state === 'error'), 'a busy answer is never shown as an error');

    assert.equal(asks, 2);
    clock.advance(7000 + 1000 - 1); // Retry-After 7 s + jitter 0.5 × 2 s, less 1 ms
    assert.equal(asks, 2, 'nothing asked before Retry-After');
    laravel.throttleAuth(false);
    clock.advance(1);
    assert.equal(asks, 3, 'asked again once it passed');
    await inFlight;
    await new Promise<void>((r) => setImmediate(r));
    assert.deepEqual(admitted, [first, second]);
    assert.equal(book.status(second)?.state, 'subscribed');
    gate.reset();
  });

  it('a fleet told the same Retry-After comes back spread over the jitter, none early', () => {
    const clock = new FakeClock(new Date(NOW));
    let r = 0;
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const waits = new BusyWaits(clock, { fallbackMs: 1000, jitterMs: 5000, random: () => (r = (r + 0.37) % 1) });
      waits.wait('c', parseRetryAfter('10', NOW), () => times.push(clock.now().getTime() - NOW));
    }
    clock.advance(20_000);
    assert.equal(times.length, 100);
    assert.ok(Math.min(...times) >= 10_000);
    assert.ok(Math.max(...times) - Math.min(...times) > 4000, 'spread over the jitter');
  });
});
