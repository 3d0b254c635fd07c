import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ChannelBook } from '../../../app/transport/channel-book.js';
import type { ChannelStatus } from '../../../app/transport/transport.js';
import { secondsText } from '../../../app/util/seconds-text.js';
import { FakeClock } from '../desktop/fake-clock.js';

describe('ChannelBook (injected clock)', () => {
  let clock: FakeClock;
  let told: ChannelStatus[];
  let book: ChannelBook;

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T09:00:00Z'));
    told = [];
    book = new ChannelBook({ onChannel: (s) => told.push(s) }, 500, 15_000, clock);
  });

  it('adds a channel once, as pending, and tells the listener', () => {
    assert.equal(book.add('orders'), true);
    assert.equal(book.add('orders'), false);
    assert.deepEqual(told, [{ channel: 'orders', state: 'pending' }]);
    assert.deepEqual(book.channels(), ['orders']);
    assert.equal(book.has('orders'), true);
  });

  it("'settle': no refusal within the settle time means subscribed", () => {
    book.add('private-orders');
    book.pending('private-orders', 'settle');
    clock.advance(499);
    assert.equal(book.status('private-orders')?.state, 'pending');
    clock.advance(1);
    assert.equal(book.status('private-orders')?.state, 'subscribed');
    assert.deepEqual(told.map((s) => s.state), ['pending', 'subscribed'], 'an unchanged status is not told twice');
  });

  it("'await': no answer within the timeout is an error that says what the server said meanwhile", () => {
    book.add('orders');
    book.pending('orders', 'await', () => 'the relay answered 403 once');
    clock.advance(14_999);
    assert.equal(book.status('orders')?.state, 'pending');
    clock.advance(1);
    assert.deepEqual(book.status('orders'), {
      channel: 'orders', state: 'error', reason: 'no answer to the subscription within 15 s; the relay answered 403 once',
    });
  });

  it('an answer in time cancels the timeout', () => {
    book.add('orders');
    book.pending('orders', 'await');
    book.confirmed('orders');
    assert.equal(clock.pending, 0);
    clock.advance(60_000);
    assert.equal(book.status('orders')?.state, 'subscribed');
  });

  it('a refusal keeps its status and reason; removing a channel cancels its timer and says unsubscribed', () => {
    book.add('a');
    book.add('b');
    book.refused({ channel: 'a', state: 'denied', httpStatus: 403, reason: 'not yours' });
    assert.deepEqual(book.status('a'), { channel: 'a', state: 'denied', httpStatus: 403, reason: 'not yours' });
    book.pending('b', 'settle');
    assert.equal(book.remove('b'), true);
    assert.equal(book.remove('b'), false);
    assert.equal(clock.pending, 0);
    assert.deepEqual(told.at(-1), { channel: 'b', state: 'unsubscribed' });
    book.refused({ channel: 'gone', state: 'error' });
    assert.equal(book.status('gone'), undefined, 'a channel not held is ignored');
  });

  it('markAllPending and clearTimers stop every pending wait', () => {
    book.add('a');
    book.add('b');
    book.pending('a', 'settle');
    book.pending('b', 'await');
    book.markAllPending('reconnecting');
    assert.equal(clock.pending, 0);
    assert.deepEqual([book.status('a'), book.status('b')], [
      { channel: 'a', state: 'pending', reason: 'reconnecting' },
      { channel: 'b', state: 'pending', reason: 'reconnecting' },
    ]);
    book.pending('a', 'settle');
    book.clearTimers();
    clock.advance(60_000);
    assert.equal(book.status('a')?.state, 'pending');
  });

  it('durations read as seconds: tenths below 10 s, whole seconds above', () => {
    assert.deepEqual([1_500, 2_000, 1_234, 12_345, 15_000].map(secondsText), ['1.5', '2', '1.2', '12', '15']);
  });
});
