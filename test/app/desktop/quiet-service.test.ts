import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QuietView, Settings } from '../../../app/bridge/contract.js';
import { QuietService } from '../../../app/desktop/services/quiet-service.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';
import { FakeClock } from './fake-clock.js';

/** Local times, as quiet hours are. */
const local = (h: number, m = 0, day = 2): Date => new Date(2026, 11, day, h, m);

/** A QuietService over settings the test changes, and the banner views it pushed. */
function banner(clock: FakeClock, initial: Settings) {
  const state = { settings: initial };
  const pushes: (QuietView | null)[] = [];
  const quiet = new QuietService(clock, () => state.settings, (event, ...args) => {
    if (event === 'push:quiet') pushes.push(args[0] as QuietView | null);
  });
  return { state, pushes, quiet };
}

describe('QuietService: what the banner says about silenced pop-ups', () => {
  it('says "quiet until 07:00" during quiet hours, tells the window when they start and end by the clock', () => {
    const clock = new FakeClock(local(21, 0));
    const quietHours = { ...DEFAULT_SETTINGS.quietHours, enabled: true, start: '22:00', end: '07:00' };
    const { state, pushes, quiet } = banner(clock, { ...DEFAULT_SETTINGS, quietHours });
    const view = (): QuietView | null => quiet.view;
    assert.equal(view(), null);
    clock.advance(60 * 60 * 1000);
    assert.deepEqual(quiet.view, { kind: 'quiet-hours', until: local(7, 0, 3).toISOString() });
    assert.deepEqual(pushes, [quiet.view]);

    const pausedUntil = local(23, 30).toISOString();
    state.settings = { ...state.settings, pausedUntil };
    quiet.refresh();
    assert.deepEqual(quiet.view, { kind: 'paused', until: pausedUntil }, 'a pause wins over quiet hours');
    clock.advance(90 * 60 * 1000);
    assert.equal(view()?.kind, 'quiet-hours', 'the pause ended, quiet hours go on');
    clock.advance(8 * 60 * 60 * 1000);
    assert.equal(view(), null);
    assert.deepEqual(pushes.map((p) => p?.kind ?? null), ['quiet-hours', 'paused', 'quiet-hours', null]);
    quiet.refresh();
    assert.equal(pushes.length, 4, 'no push without a change');
    quiet.stop();
  });
  it('tells the window when only the end of the silence moves, or only its reason changes', () => {
    const clock = new FakeClock(local(6, 0));
    const quietHours = { ...DEFAULT_SETTINGS.quietHours, enabled: true, start: '22:00', end: '07:00' };
    const { state, pushes, quiet } = banner(clock, { ...DEFAULT_SETTINGS, quietHours });
    state.settings = { ...state.settings, pausedUntil: local(7, 0).toISOString() };
    quiet.refresh();
    state.settings = { ...state.settings, pausedUntil: local(9, 0).toISOString() };
    quiet.refresh();
    assert.deepEqual(pushes, [
      { kind: 'quiet-hours', until: local(7, 0).toISOString() },
      { kind: 'paused', until: local(7, 0).toISOString() },
      { kind: 'paused', until: local(9, 0).toISOString() },
    ]);
    quiet.stop();
  });
});
