import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlicedQueue } from '../../../app/core/sliced-queue.js';

/** A queue whose handler costs `costMs` of injected time per item; `done` resolves once `total` items ran. */
function harness(opts: { costMs: number; sliceMs: number; maxQueued?: number; total: number; fail?: (n: number) => boolean }) {
  let now = 0;
  const handled: number[] = [];
  const overflows: number[] = [];
  const errors: unknown[] = [];
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const queue = new SlicedQueue<number>(
    (n) => {
      now += opts.costMs;
      if (opts.fail?.(n)) throw new Error(`item ${n} is bad`);
      handled.push(n);
      if (handled.length + errors.length === opts.total) finish();
    },
    {
      sliceMs: opts.sliceMs,
      maxQueued: opts.maxQueued ?? 1_000,
      onOverflow: (dropped) => overflows.push(dropped),
      onError: (err) => {
        errors.push(err);
        if (handled.length + errors.length === opts.total) finish();
      },
      now: () => now,
    },
  );
  return { queue, handled, overflows, errors, done };
}

describe('SlicedQueue (injected clock)', () => {
  it('runs a lone item at once, inside push', () => {
    const h = harness({ costMs: 1, sliceMs: 10, total: 1 });
    h.queue.push(7);
    assert.deepEqual(h.handled, [7]);
    assert.equal(h.queue.length, 0);
  });

  it('runs inline while the slice has budget, then queues and drains in order between turns of the event loop', async () => {
    const h = harness({ costMs: 4, sliceMs: 10, total: 30 });
    let handledWhenLoopRan = -1;
    for (let n = 0; n < 30; n++) h.queue.push(n);
    setImmediate(() => {
      handledWhenLoopRan = h.handled.length;
    });
    assert.deepEqual(h.handled, [0, 1, 2], 'three items of 4 ms fit in a 10 ms slice');
    assert.equal(h.queue.length, 27);
    await h.done;
    assert.deepEqual(h.handled, Array.from({ length: 30 }, (_, n) => n), 'nothing lost, nothing reordered');
    assert.ok(handledWhenLoopRan >= 3 && handledWhenLoopRan < 30, `the event loop ran between slices (after ${handledWhenLoopRan})`);
  });

  it('spends the budget item by item; once the event loop turned, the queue drains and the budget is refilled', async () => {
    const h = harness({ costMs: 4, sliceMs: 10, total: 6 });
    h.queue.push(0);
    h.queue.push(1);
    assert.deepEqual(h.handled, [0, 1]);
    h.queue.push(2);
    h.queue.push(3);
    assert.deepEqual(h.handled, [0, 1, 2], 'the third item used up the budget: the fourth waits');
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(h.handled, [0, 1, 2, 3], 'drained after the event loop turned');
    h.queue.push(4);
    h.queue.push(5);
    assert.deepEqual(h.handled, [0, 1, 2, 3, 4, 5], 'refilled: inline again');
  });

  it('drops beyond maxQueued and reports the count once per tenfold growth', () => {
    const h = harness({ costMs: 20, sliceMs: 10, maxQueued: 5, total: 6 });
    for (let n = 0; n < 1 + 5 + 150; n++) h.queue.push(n);
    assert.equal(h.queue.length, 5);
    assert.equal(h.queue.dropped, 150);
    assert.deepEqual(h.overflows, [1, 10, 100]);
    h.queue.drainAll();
    assert.deepEqual(h.handled, [0, 1, 2, 3, 4, 5], 'the first item ran inline, the five queued ones on drainAll');
  });

  it('a handler that throws is reported and the queue goes on', async () => {
    const h = harness({ costMs: 4, sliceMs: 10, total: 8, fail: (n) => n % 3 === 1 });
    for (let n = 0; n < 8; n++) h.queue.push(n);
    await h.done;
    assert.deepEqual(h.handled, [0, 2, 3, 5, 6]);
    assert.deepEqual(h.errors.map((e) => (e as Error).message), ['item 1 is bad', 'item 4 is bad', 'item 7 is bad']);
  });

  it('clear() forgets what is queued', async () => {
    const h = harness({ costMs: 20, sliceMs: 10, total: 2 });
    h.queue.push(0);
    h.queue.push(1);
    h.queue.push(2);
    h.queue.clear();
    assert.equal(h.queue.length, 0);
    h.queue.drainAll();
    assert.deepEqual(h.handled, [0]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(h.handled, [0], 'a drain scheduled before clear() finds nothing');
  });
});
