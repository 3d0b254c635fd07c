import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../../../app/transport/backoff.js';

describe('backoff', () => {
  it('doubles up to the cap, with half of each delay jittered', () => {
    const low = new Backoff({ minMs: 100, maxMs: 1000, random: () => 0 });
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => low.next()), [50, 100, 200, 400, 500, 500]);
    const high = new Backoff({ minMs: 100, maxMs: 1000, random: () => 0.999999 });
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => high.next()), [100, 200, 400, 800, 1000, 1000]);
  });

  it('starts over after a reset (a successful connection)', () => {
    const b = new Backoff({ minMs: 100, maxMs: 1000, random: () => 0.5 });
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 75);
    assert.equal(b.attempts, 1);
  });

  it('spreads a fleet of clients that lost the relay at the same moment', () => {
    const delays = new Set(Array.from({ length: 50 }, () => new Backoff({ minMs: 1000, maxMs: 30_000 }).next()));
    assert.ok(delays.size > 10, `expected spread delays, got ${[...delays].join(', ')}`);
  });
});

describe('backoff after a server-side drop', () => {
  const clockAt = (t: { ms: number }) => () => t.ms;

  it('spreads the first attempt over the whole window (full jitter)', () => {
    const at = (r: number): Backoff => new Backoff({ minMs: 100, maxMs: 1000, windowMs: 15_000, random: () => r, now: () => 0 });
    assert.equal(at(0).afterDrop(), 0);
    assert.equal(at(0.5).afterDrop(), 7500);
  });

  it('an attempt that fails inside the window is spread over what is left of it, so the fleet does not bunch up when the server returns',
    () => {
    const t = { ms: 0 };
    const b = new Backoff({ minMs: 100, maxMs: 1000, windowMs: 15_000, random: () => 1 - 1e-9, now: clockAt(t) });
    b.afterDrop();
    t.ms = 2000;
    const d = b.next();
    assert.ok(d > 12_000 && d <= 13_000, `within the 13 s left of the window, got ${d}`);
    const low = new Backoff({ minMs: 100, maxMs: 1000, windowMs: 15_000, random: () => 0, now: clockAt(t) });
    t.ms = 0;
    low.afterDrop();
    t.ms = 2000;
    assert.equal(low.next(), 50, 'never sooner than half the first delay');
  });

  it('after the window, the capped exponential backoff as before', () => {
    const t = { ms: 0 };
    const b = new Backoff({ minMs: 100, maxMs: 1000, windowMs: 15_000, random: () => 0, now: clockAt(t) });
    b.next();
    b.next();
    b.afterDrop();
    t.ms = 15_000;
    assert.deepEqual([b.next(), b.next()], [50, 100], 'the drop starts the exponential backoff over');
  });
});
