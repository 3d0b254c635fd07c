import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ChannelAuthResult } from '../../../app/auth/laravel-client.js';
import { ChannelBook } from '../../../app/transport/channel-book.js';
import { AUTH_RETRIES, PrivateChannelGate, authRetryDelay, channelData } from '../../../app/transport/private-channel-gate.js';
import type { ChannelStatus, PresenceChange } from '../../../app/transport/transport.js';
import { FakeClock } from '../desktop/fake-clock.js';

const SETTINGS = { reconnectionDelay: 1_000, reconnectionDelayMax: 5_000 };
/** Busy answers wait exactly Retry-After, else 5 s: the test can say when the next question comes. */
const NO_JITTER = { fallbackMs: 5_000, jitterMs: 0, random: () => 0 };

/** An authority whose answers the test hands out one by one, in the order they were asked. */
class HeldAuthority {
  readonly asked: string[] = [];
  private readonly waiting: ((answer: ChannelAuthResult) => void)[] = [];
  token(): string {
    return 'token';
  }
  authorize(channel: string): Promise<ChannelAuthResult> {
    this.asked.push(channel);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  get inFlight(): number {
    return this.waiting.length;
  }
  /** Answers the oldest question still open. */
  async answer(answer: ChannelAuthResult): Promise<void> {
    const next = this.waiting.shift();
    if (!next) throw new Error('no authorization in flight');
    next(answer);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const ok = (body: unknown = {}): ChannelAuthResult => ({ ok: true, status: 200, body });
const refused = (status: number, reason = `HTTP ${status}`): ChannelAuthResult => ({ ok: false, status, reason });

describe('PrivateChannelGate: /broadcasting/auth before a private channel opens (Redis and relay modes)', () => {
  let clock: FakeClock;
  let authority: HeldAuthority;
  let statuses: ChannelStatus[];
  let presence: PresenceChange[];
  let book: ChannelBook;
  let gate: PrivateChannelGate;
  let admitted: [string, number][];
  const open = (channel: string): void => {
    book.add(channel);
    gate.open(channel, (epoch) => {
      admitted.push([channel, epoch]);
      book.confirmed(channel);
    });
  };
  const last = (channel: string): ChannelStatus | undefined => statuses.filter((s) => s.channel === channel).at(-1);

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    authority = new HeldAuthority();
    statuses = [];
    presence = [];
    book = new ChannelBook({ onChannel: (s) => statuses.push(s) }, 0, 60_000);
    gate = new PrivateChannelGate(
      { authority, listener: { onPresence: (p) => presence.push(p) }, settings: SETTINGS, clock, busyPolicy: NO_JITTER },
      book,
    );
    admitted = [];
  });

  it('a public channel opens at once, unasked', () => {
    open('orders');
    assert.deepEqual(admitted, [['orders', 0]]);
    assert.deepEqual(authority.asked, []);
  });

  it('a private channel opens only once Laravel said yes', async () => {
    open('private-orders.1');
    assert.deepEqual(admitted, []);
    assert.equal(last('private-orders.1')?.state, 'pending');
    await authority.answer(ok());
    assert.deepEqual(admitted, [['private-orders.1', 0]]);
    assert.equal(last('private-orders.1')?.state, 'subscribed');
    assert.deepEqual(presence, [], 'only presence channels report members');
  });

  it('a presence channel reports this user as here (channel_data as JSON text or as an object)', async () => {
    open('presence-chat.1');
    await authority.answer(ok({ channel_data: JSON.stringify({ user_id: 7, user_info: { name: 'Ana' } }) }));
    open('presence-chat.2');
    await authority.answer(ok({ channel_data: { id: 8 } }));
    open('presence-chat.3');
    await authority.answer(ok({ channel_data: '{not json' }));
    assert.deepEqual(presence, [
      { kind: 'here', channel: 'presence-chat.1', members: [{ id: '7', info: { name: 'Ana' } }] },
      { kind: 'here', channel: 'presence-chat.2', members: [{ id: '8', info: null }] },
      { kind: 'here', channel: 'presence-chat.3', members: [] },
    ]);
  });

  it('403 and 401 are final: refused, never retried', async () => {
    open('private-a');
    open('private-b');
    await authority.answer(refused(403, 'the server said no'));
    await authority.answer(refused(401));
    assert.deepEqual(last('private-a'), { channel: 'private-a', state: 'denied', httpStatus: 403,
      reason: 'Laravel refused this channel for this user' });
    assert.deepEqual(last('private-b'), { channel: 'private-b', state: 'expired', httpStatus: 401,
      reason: 'session expired: log in again' });
    assert.equal(clock.pending, 0);
    clock.advance(60_000);
    assert.deepEqual(authority.asked, ['private-a', 'private-b']);
    assert.deepEqual(admitted, []);
  });

  it('419 (CSRF mismatch) is not transient either: refused with its reason, no retry', async () => {
    open('private-a');
    await authority.answer(refused(419, 'CSRF token mismatch.'));
    assert.deepEqual(last('private-a'), { channel: 'private-a', state: 'error', httpStatus: 419, reason: 'CSRF token mismatch.' });
    assert.equal(clock.pending, 0);
  });

  for (const [status, retryAfter, wait] of [[429, '7', 7_000], [503, undefined, 5_000]] as const) {
    it(`HTTP ${status} says the server is busy: pending, asked again after ${wait / 1000} s (Retry-After or the fallback), never sooner`,
      async () => {
      open('private-a');
      await authority.answer({ ok: false, status, reason: `HTTP ${status}`, ...(retryAfter === undefined ? {} : { retryAfter }) });
      assert.deepEqual(last('private-a'),
        { channel: 'private-a', state: 'pending', httpStatus: status, reason: `server busy, retrying in ${wait / 1000} s` });
      clock.advance(wait - 1);
      assert.equal(authority.inFlight, 0, 'not before Retry-After');
      clock.advance(1);
      assert.equal(authority.inFlight, 1);
      await authority.answer(ok());
      assert.deepEqual(admitted, [['private-a', 0]]);
    });
  }

  for (const status of [0, 500]) {
    it(`HTTP ${status} is transient: retried after reconnectionDelay × 2^n (capped), then opened`, async () => {
      open('private-a');
      await authority.answer(refused(status));
      assert.equal(last('private-a')?.state, 'error');
      clock.advance(authRetryDelay(SETTINGS, 1) - 1);
      assert.equal(authority.inFlight, 0, 'not before the delay');
      clock.advance(1);
      assert.equal(authority.inFlight, 1);
      assert.equal(last('private-a')?.state, 'pending');
      await authority.answer(ok());
      assert.deepEqual(admitted, [['private-a', 0]]);
    });
  }

  it(`gives up after ${AUTH_RETRIES} retries per connection, waiting 2 s, 4 s, 5 s, 5 s`, async () => {
    open('private-a');
    await authority.answer(refused(500));
    const waits: number[] = [];
    for (let retry = 1; retry <= AUTH_RETRIES; retry++) {
      let waited = 0;
      while (authority.inFlight === 0) {
        clock.advance(500);
        waited += 500;
      }
      waits.push(waited);
      await authority.answer(refused(500));
    }
    assert.deepEqual(waits, [2_000, 4_000, 5_000, 5_000]);
    assert.equal(clock.pending, 0, 'no fifth retry');
    clock.advance(60_000);
    assert.equal(authority.asked.length, 1 + AUTH_RETRIES);
    assert.equal(last('private-a')?.state, 'error');
  });

  it('stale authorization race: a yes that arrives after a reconnect opens nothing; the new connection asks again', async () => {
    open('private-a');
    gate.reset();
    await authority.answer(ok());
    assert.deepEqual(admitted, [], 'the old connection\'s answer is dropped');
    assert.equal(gate.isCurrent(0), false);
    assert.equal(gate.isCurrent(1), true);
    gate.open('private-a', (epoch) => admitted.push(['private-a', epoch]));
    await authority.answer(refused(403));
    assert.deepEqual(admitted, [], 'the user lost the channel meanwhile: it stays closed');
    assert.equal(last('private-a')?.state, 'denied');
  });

  it('stale refusal race: an old connection\'s refusal does not mark the channel on the new one', async () => {
    open('private-a');
    gate.reset();
    gate.open('private-a', (epoch) => admitted.push(['private-a', epoch]));
    await authority.answer(refused(403));
    assert.notEqual(last('private-a')?.state, 'denied');
    await authority.answer(ok());
    assert.deepEqual(admitted, [['private-a', 1]]);
  });

  it('a reconnect cancels the retries pending for the old connection', async () => {
    open('private-a');
    await authority.answer(refused(500));
    assert.equal(clock.pending, 1);
    gate.reset();
    assert.equal(clock.pending, 0);
    clock.advance(60_000);
    assert.equal(authority.asked.length, 1);
  });

  it('a retry timer that fires for an old connection asks nothing', async () => {
    const schedules: (() => void)[] = [];
    const g = new PrivateChannelGate(
      {
        authority, listener: { onPresence: () => undefined }, settings: SETTINGS,
        clock: { now: () => clock.now(), schedule: (fn) => (schedules.push(fn), () => undefined) },
      },
      book,
    );
    book.add('private-z');
    g.open('private-z', () => admitted.push(['private-z', -1]));
    await authority.answer(refused(500));
    g.reset();
    schedules[0]?.();
    assert.equal(authority.asked.length, 1, 'a timer whose cancel came too late is still ignored');
  });

  it('a channel left while its authorization is in flight is not opened', async () => {
    open('private-a');
    book.remove('private-a');
    await authority.answer(ok());
    assert.deepEqual(admitted, []);
    await Promise.resolve();
    open('private-b');
    book.remove('private-b');
    await authority.answer(refused(500));
    assert.equal(clock.pending, 0, 'no retry for a channel no longer wanted');
  });

  it('a channel left while it waits out a busy answer is not asked again', async () => {
    open('private-a');
    await authority.answer({ ok: false, status: 429, reason: 'HTTP 429', retryAfter: '7' });
    book.remove('private-a');
    clock.advance(7_000);
    assert.deepEqual(authority.asked, ['private-a'], 'Laravel is not asked for a channel no longer wanted');
    assert.deepEqual(admitted, []);
  });

  it('channelData: objects as they are, JSON text parsed, anything else undefined', () => {
    assert.deepEqual(channelData({ channel_data: { id: 1 } }), { id: 1 });
    assert.deepEqual(channelData({ channel_data: '{"id":2}' }), { id: 2 });
    assert.equal(channelData({ channel_data: '{' }), undefined);
    assert.equal(channelData(null), undefined);
    assert.equal(channelData('text'), undefined);
    assert.equal(channelData({}), undefined);
  });

  it('without an injected schedule, reset() cancels the pending retry timer', async (t) => {
    const settings = { reconnectionDelay: 1, reconnectionDelayMax: 1 };
    const g = new PrivateChannelGate({ authority, listener: { onPresence: () => undefined }, settings }, book);
    book.add('private-c');
    g.open('private-c', () => admitted.push(['private-c', 0]));
    t.mock.timers.enable({ apis: ['setTimeout'] }); // the test's own mock: undone when the test ends
    await authority.answer(refused(500));
    g.reset();
    t.mock.timers.tick(1_000);
    assert.deepEqual(authority.asked, ['private-c'], 'the cancelled retry never asked');
  });

  it('without an injected schedule, a retry uses an unref\'d timer that reset() cancels', async () => {
    const settings = { reconnectionDelay: 1, reconnectionDelayMax: 1 };
    const g = new PrivateChannelGate({ authority, listener: { onPresence: () => undefined }, settings }, book);
    book.add('private-t');
    g.open('private-t', () => admitted.push(['private-t', 0]));
    await authority.answer(refused(500));
    await new Promise<void>((resolve) => {
      const check = (): void => (authority.inFlight > 0 ? resolve() : void setImmediate(check));
      check();
    });
    await authority.answer(ok());
    assert.deepEqual(admitted, [['private-t', 0]]);
  });
});
