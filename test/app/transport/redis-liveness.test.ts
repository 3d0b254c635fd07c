import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { RedisLiveness, type RedisLink } from '../../../app/transport/redis-liveness.js';
import { FakeClock } from '../desktop/fake-clock.js';

/** An ioredis connection as the watch sees it: its status, and PINGs the test answers (or not). */
class FakeLink implements RedisLink {
  status = 'connect';
  readonly pings: { answer: () => void; reply: Promise<unknown> }[] = [];

  ping(): Promise<unknown> {
    let answer = (): void => undefined;
    const reply = new Promise<unknown>((resolve) => {
      answer = () => resolve('PONG');
    });
    this.pings.push({ answer, reply });
    return reply;
  }
}

const INTERVAL = 10_000;
const TIMEOUT = 2_000;

describe('RedisLiveness (injected clock)', () => {
  let clock: FakeClock;
  let link: FakeLink;
  let dead: string[];
  let liveness: RedisLiveness;
  let declaredDead: Promise<string>;

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T09:00:00Z'));
    link = new FakeLink();
    dead = [];
    let onDead: (why: string) => void = () => undefined;
    declaredDead = new Promise((resolve) => {
      onDead = resolve;
    });
    liveness = new RedisLiveness({
      pingInterval: INTERVAL,
      pingTimeout: TIMEOUT,
      readyTimeout: 1_500,
      onDead: (why) => {
        dead.push(why);
        onDead(why);
      },
      now: () => clock.now().getTime(),
      clock,
    });
  });

  it('sends a PING only after pingInterval of silence', () => {
    link.status = 'ready';
    liveness.ready(link);
    clock.advance(INTERVAL - 1);
    assert.equal(link.pings.length, 0);
    clock.advance(1);
    assert.equal(link.pings.length, 1);
  });

  it('an answered PING keeps the connection alive and schedules the next one', async () => {
    link.status = 'ready';
    liveness.ready(link);
    clock.advance(INTERVAL);
    const first = link.pings[0];
    assert.ok(first);
    first.answer();
    await first.reply;
    clock.advance(TIMEOUT);
    assert.deepEqual(dead, []);
    clock.advance(INTERVAL - TIMEOUT);
    assert.equal(link.pings.length, 2, 'the next PING after another interval of silence');
  });

  it('declares the connection dead when nothing arrives within pingTimeout of a PING', async () => {
    link.status = 'ready';
    liveness.ready(link);
    clock.advance(INTERVAL + TIMEOUT);
    assert.equal(await declaredDead, 'Redis stopped answering (no reply to PING within 2 s)');
    assert.equal(dead.length, 1);
  });

  it('anything heard counts as a sign of life: traffic postpones the PING, late traffic saves the connection', () => {
    link.status = 'ready';
    liveness.ready(link);
    clock.advance(INTERVAL - 100);
    liveness.heard();
    clock.advance(100);
    assert.equal(link.pings.length, 0, 'heard 100 ms ago: no PING yet');
    clock.advance(INTERVAL - 100);
    assert.equal(link.pings.length, 1);
    clock.advance(TIMEOUT - 1);
    liveness.heard(); // a message queued before the PONG
    clock.advance(1);
    assert.deepEqual(dead, []);
    assert.equal(clock.pending, 1, 'the next PING is scheduled');
  });

  it('a connection that does not become ready within readyTimeout is dead; a ready one is not', async () => {
    liveness.connected(link);
    clock.advance(1_500);
    assert.equal(await declaredDead, 'Redis accepted the connection but did not answer within 1.5 s');

    const other = new FakeLink();
    liveness.connected(other);
    other.status = 'ready';
    clock.advance(1_500);
    assert.equal(dead.length, 1);
  });

  it('clear() stops every timer, and pingInterval 0 turns the heartbeat off', () => {
    link.status = 'ready';
    liveness.ready(link);
    assert.equal(clock.pending, 1);
    liveness.clear();
    assert.equal(clock.pending, 0);

    const quiet = new RedisLiveness({ pingInterval: 0, pingTimeout: TIMEOUT, readyTimeout: 1_500, onDead: () => undefined, clock });
    quiet.ready(link);
    clock.advance(10 * INTERVAL);
    assert.equal(link.pings.length, 0);
  });
});
