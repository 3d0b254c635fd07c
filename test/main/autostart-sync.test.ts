import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLogger } from '../../app/log.js';
import { AutostartSync, type Autostart } from '../../main/autostart.js';

/** An OS side whose changes finish only when the test says so, to see their order. */
class SlowAutostart implements Autostart {
  readonly applied: boolean[] = [];
  readonly started: boolean[] = [];
  failNext: Error | null = null;
  private release: (() => void)[] = [];

  async apply(enabled: boolean): Promise<void> {
    this.started.push(enabled);
    const failure = this.failNext;
    this.failNext = null;
    await new Promise<void>((resolve) => this.release.push(resolve));
    if (failure) throw failure;
    this.applied.push(enabled);
  }

  /** Lets every change started so far finish. */
  finish(): void {
    const release = this.release;
    this.release = [];
    for (const r of release) r();
  }
}

const turns = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('AutostartSync: the start-at-login setting applied to the OS, one change at a time', () => {
  it('applies the stored setting at every start (an AppImage may have moved)', async () => {
    const os = new SlowAutostart();
    const sync = new AutostartSync(os, true, new MemoryLogger());
    await turns();
    os.finish();
    await sync.settled();
    assert.deepEqual(os.applied, [true]);
  });

  it('a change equal to what is applied does nothing; changes run in order, the next after the previous', async () => {
    const os = new SlowAutostart();
    const sync = new AutostartSync(os, false, new MemoryLogger());
    sync.set(false);
    sync.set(true);
    sync.set(true);
    sync.set(false);
    await turns();
    assert.deepEqual(os.started, [false], 'the second change waits for the first');
    for (let i = 0; i < 3; i++) {
      os.finish();
      await turns();
    }
    await sync.settled();
    assert.deepEqual(os.applied, [false, true, false]);
  });

  it('a failed change is logged and later changes still apply', async () => {
    const os = new SlowAutostart();
    const logger = new MemoryLogger();
    os.failNext = new Error('EACCES: permission denied');
    const sync = new AutostartSync(os, true, logger);
    sync.set(false);
    for (let i = 0; i < 2; i++) {
      await turns();
      os.finish();
    }
    await sync.settled();
    assert.deepEqual(os.applied, [false]);
    assert.deepEqual(logger.lines.map((l) => [l.level, l.fields]), [['error', { error: 'EACCES: permission denied' }]]);
  });
});
