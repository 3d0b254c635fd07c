// SlicedQueue's overflow (kept apart from the general SlicedQueue tests in sliced-queue.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlicedQueue } from '../../../app/core/sliced-queue.js';

/** A queue whose first item uses up the slice's budget, so that later pushes wait in the queue. */
function overloaded(maxQueued: number): { queue: SlicedQueue<number>; handled: number[]; reports: number[] } {
  let t = 0;
  const handled: number[] = [];
  const reports: number[] = [];
  const queue = new SlicedQueue<number>((n) => {
    if (n === 0) t += 50;
    handled.push(n);
  }, {
    sliceMs: 10,
    maxQueued,
    onOverflow: (dropped) => reports.push(dropped),
    onError: (err) => assert.fail(String(err)),
    now: () => t,
  });
  queue.push(0);
  return { queue, handled, reports };
}

describe('SlicedQueue overflow', () => {
  it('holds maxQueued items, drops the rest and counts them; nothing held is lost or reordered', () => {
    const { queue, handled, reports } = overloaded(3);
    for (let i = 1; i <= 6; i++) queue.push(i);
    assert.equal(queue.length, 3);
    assert.equal(queue.dropped, 3);
    assert.deepEqual(reports, [1], 'reported once for the episode, at the first drop');
    queue.drainAll();
    assert.deepEqual(handled, [0, 1, 2, 3], 'the oldest are kept, the newest dropped');
    assert.equal(queue.length, 0);
  });

  it('reports again each time the count grows tenfold, not per drop', () => {
    const { queue, reports } = overloaded(1);
    for (let i = 1; i <= 1_001; i++) queue.push(i);
    assert.equal(queue.dropped, 1_000);
    assert.deepEqual(reports, [1, 10, 100, 1_000]);
  });

  it('a new overflow after the queue drained is a new episode and reported at once', () => {
    const { queue, reports } = overloaded(1);
    queue.push(1);
    queue.push(2);
    assert.deepEqual(reports, [1]);
    queue.drainAll();
    queue.push(3);
    queue.push(4);
    assert.deepEqual(reports, [1, 2], 'the second episode is reported with the running total');
  });
});
