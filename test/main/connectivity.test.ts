import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, it } from 'node:test';
import { MemoryLogger } from '../../app/log.js';
import { watchConnectivity } from '../../main/connectivity.js';
import { FakeClock } from '../app/desktop/fake-clock.js';

const POLL_MS = 5_000;

describe('watchConnectivity: sleep, unlock and network changes reconnect now', () => {
  let power: EventEmitter;
  let net: { online: boolean; isOnline(): boolean };
  let clock: FakeClock;
  let logger: MemoryLogger;
  let events: string[];
  let connected: boolean;
  let stop: () => void;

  beforeEach(() => {
    power = new EventEmitter();
    net = { online: true, isOnline: () => net.online };
    clock = new FakeClock(new Date(2026, 10, 23, 10, 0));
    logger = new MemoryLogger();
    events = [];
    connected = true;
    stop = watchConnectivity({
      powerMonitor: power, net, clock, logger, pollMs: POLL_MS,
      reconnect: (reason) => events.push(`reconnect: ${reason}`),
      isConnected: () => connected,
      onWake: () => events.push('wake'),
    });
  });

  it('waking from sleep reconnects first, then re-checks the wall clock', () => {
    power.emit('suspend');
    assert.deepEqual(events, [], 'going to sleep changes nothing');
    power.emit('resume');
    assert.deepEqual(events, ['reconnect: the computer woke from sleep', 'wake']);
  });

  it('an unlock re-checks the wall clock and reconnects only a link that is down', () => {
    power.emit('unlock-screen');
    assert.deepEqual(events, ['wake'], 'a healthy link is kept (Redis pub/sub has no replay)');
    connected = false;
    power.emit('unlock-screen');
    assert.deepEqual(events, ['wake', 'wake', 'reconnect: the screen was unlocked while offline']);
  });

  it('polls the network every pollMs and reconnects on each change, both ways', () => {
    clock.advance(POLL_MS);
    assert.deepEqual(events, [], 'no change: no reconnect');
    net.online = false;
    clock.advance(POLL_MS - 1);
    assert.deepEqual(events, [], 'not polled yet');
    clock.advance(1);
    assert.deepEqual(events, ['reconnect: the network went away']);
    clock.advance(3 * POLL_MS);
    assert.equal(events.length, 1, 'still offline: once');
    net.online = true;
    clock.advance(POLL_MS);
    assert.deepEqual(events, ['reconnect: the network went away', 'reconnect: the network is back']);
    assert.equal(clock.pending, 1, 'one poll timer at a time');
  });

  it('a network that was down at start and comes back reconnects', () => {
    stop();
    net.online = false;
    const reasons: string[] = [];
    watchConnectivity({
      powerMonitor: new EventEmitter(), net, clock, logger, pollMs: POLL_MS,
      reconnect: (reason) => reasons.push(reason), isConnected: () => false, onWake: () => undefined,
    });
    clock.advance(POLL_MS);
    assert.deepEqual(reasons, []);
    net.online = true;
    clock.advance(POLL_MS);
    assert.deepEqual(reasons, ['the network is back']);
  });

  it('after stop nothing reacts and no poll is left', () => {
    stop();
    assert.equal(clock.pending, 0);
    connected = false;
    power.emit('suspend');
    power.emit('resume');
    power.emit('unlock-screen');
    net.online = false;
    clock.advance(10 * POLL_MS);
    assert.deepEqual(events, []);
    assert.deepEqual(logger.lines, []);
  });
});
