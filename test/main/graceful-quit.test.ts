import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLogger } from '../../app/log.js';
import { quitGracefully } from '../../main/graceful-quit.js';
import { FakeClock } from '../app/desktop/fake-clock.js';
import { createFakeElectron, type FakeElectron } from './fake-electron.js';

const GRACE_MS = 3_000;

interface Rig {
  readonly electron: FakeElectron;
  readonly clock: FakeClock;
  readonly logger: MemoryLogger;
  readonly requests: number[];
  /** Settles the shutdown the first quit started. */
  finish(error?: Error): void;
  shutdowns(): number;
}

async function rig(): Promise<Rig> {
  const electron = createFakeElectron({ userData: '/tmp/u', logs: '/tmp/l', home: '/tmp/h' });
  await electron.app.whenReady();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const logger = new MemoryLogger();
  const requests: number[] = [];
  const settle: ((error?: Error) => void)[] = [];
  quitGracefully({
    app: electron.app,
    clock,
    logger,
    graceMs: GRACE_MS,
    onQuitRequested: () => requests.push(electron.app.quitRequests),
    shutdown: () => new Promise<void>((resolve, reject) => settle.push((error) => (error ? reject(error) : resolve()))),
  });
  return {
    electron,
    clock,
    logger,
    requests,
    finish: (error) => settle[0]?.(error),
    shutdowns: () => settle.length,
  };
}

/** Lets the promise chain that follows a settled shutdown (or grace timer) run. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('graceful quit: the first quit waits for the shutdown, a hung one for the grace time only', () => {
  it('holds the first quit until the shutdown has finished, then quits for real', async () => {
    const r = await rig();
    r.electron.app.quit();
    assert.equal(r.electron.app.exited, false);
    assert.equal(r.shutdowns(), 1);
    assert.equal(r.clock.pending, 1, 'the grace timer runs');
    r.finish();
    await settled();
    assert.equal(r.electron.app.exited, true);
    assert.equal(r.clock.pending, 0, 'the grace timer is cancelled once the shutdown is done');
    assert.deepEqual(r.requests, [1, 2], 'onQuitRequested runs on every quit request');
  });

  it('a hung shutdown: the app quits when the grace time is up, not a millisecond before', async () => {
    const r = await rig();
    r.electron.app.quit();
    r.clock.advance(GRACE_MS - 1);
    await settled();
    assert.equal(r.electron.app.exited, false);
    r.clock.advance(1);
    await settled();
    assert.equal(r.electron.app.exited, true);
    assert.equal(r.shutdowns(), 1);
  });

  it('more quit requests while shutting down start no second shutdown', async () => {
    const r = await rig();
    r.electron.app.quit();
    r.electron.app.quit();
    r.electron.app.quit();
    assert.equal(r.shutdowns(), 1);
    assert.equal(r.clock.pending, 1);
    assert.deepEqual(r.requests, [1, 2, 3]);
    r.finish();
    await settled();
    assert.equal(r.electron.app.exited, true);
  });

  it('a failed shutdown is logged and the app still quits', async () => {
    const r = await rig();
    r.electron.app.quit();
    r.finish(new Error('disk full'));
    await settled();
    assert.equal(r.electron.app.exited, true);
    assert.deepEqual(r.logger.lines.map((l) => [l.level, l.message, l.fields.error]), [['error', 'shutdown failed', 'disk full']]);
  });

  it('a shutdown that rejects with a non-Error is logged as text', async () => {
    const electron = createFakeElectron({});
    await electron.app.whenReady();
    const logger = new MemoryLogger();
    const clock = new FakeClock(new Date(0));
    quitGracefully({
      app: electron.app, clock, logger, graceMs: GRACE_MS, onQuitRequested: () => undefined,
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test: a rejection that is not an Error
      shutdown: () => Promise.reject('socket hung'),
    });
    electron.app.quit();
    await settled();
    assert.equal(electron.app.exited, true);
    assert.equal(logger.lines[0]?.fields.error, 'socket hung');
  });
});
