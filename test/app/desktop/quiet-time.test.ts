import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Settings } from '../../../app/bridge/contract.js';
import { createTranslator } from '../../../app/i18n/index.js';
import { nextSilenceChange, pausedUntilFor, quietPeriodAt, silenceAt } from '../../../app/desktop/quiet-time.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';

/** Local time on 23 Nov 2026 (tests do not depend on the machine's time zone). */
const at = (h: number, m = 0, day = 23): Date => new Date(2026, 10, day, h, m);
const quiet = (start: string, end: string, enabled = true) => ({ enabled, start, end, allowUrgent: true });
const settings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('quiet hours', () => {
  it('span midnight when the start is after the end (22:00–07:00)', () => {
    const q = quiet('22:00', '07:00');
    assert.equal(quietPeriodAt(q, at(21, 59)), null);
    assert.deepEqual(quietPeriodAt(q, at(22, 0)), { until: at(7, 0, 24) });
    assert.deepEqual(quietPeriodAt(q, at(23, 30)), { until: at(7, 0, 24) });
    assert.deepEqual(quietPeriodAt(q, at(0, 0)), { until: at(7, 0) });
    assert.deepEqual(quietPeriodAt(q, at(6, 59)), { until: at(7, 0) });
    assert.equal(quietPeriodAt(q, at(7, 0)), null, 'the end is not included');
    assert.equal(quietPeriodAt(q, at(12, 0)), null);
  });

  it('within one day (12:00–13:30), whole day when start equals end, nothing when disabled', () => {
    assert.deepEqual(quietPeriodAt(quiet('12:00', '13:30'), at(12, 45)), { until: at(13, 30) });
    assert.equal(quietPeriodAt(quiet('12:00', '13:30'), at(13, 30)), null);
    assert.equal(quietPeriodAt(quiet('12:00', '13:30'), at(11, 0)), null);
    assert.deepEqual(quietPeriodAt(quiet('09:00', '09:00'), at(3, 0)), { until: at(9, 0, 24) });
    assert.equal(quietPeriodAt(quiet('22:00', '07:00', false), at(23, 0)), null);
  });

  it('a pause wins over quiet hours and ends on its own', () => {
    const s = settings({ quietHours: quiet('22:00', '07:00'), pausedUntil: at(23, 0).toISOString() });
    assert.deepEqual(silenceAt(s, at(22, 30)), { kind: 'paused', until: at(23, 0) });
    assert.deepEqual(silenceAt(s, at(23, 0)), { kind: 'quiet-hours', until: at(7, 0, 24) });
    assert.equal(silenceAt(settings({ pausedUntil: at(9, 0).toISOString() }), at(10, 0)), null, 'a past pause is over');
  });

  it('pause choices: 1 h, until tomorrow 08:00, off', () => {
    const now = at(23, 15);
    assert.equal(pausedUntilFor('1h', now), at(0, 15, 24).toISOString());
    assert.equal(pausedUntilFor('tomorrow', now), at(8, 0, 24).toISOString());
    assert.equal(pausedUntilFor('tomorrow', at(0, 30)), at(8, 0, 24).toISOString(), 'after midnight "tomorrow" is still the next day');
    assert.equal(pausedUntilFor('off', now), null);
  });

  it('the next change is the next pause end or quiet-hours boundary', () => {
    const s = settings({ quietHours: quiet('22:00', '07:00') });
    assert.deepEqual(nextSilenceChange(s, at(10, 0)), at(22, 0));
    assert.deepEqual(nextSilenceChange(s, at(22, 0)), at(7, 0, 24));
    assert.deepEqual(nextSilenceChange(settings({ pausedUntil: at(11, 0).toISOString() }), at(10, 0)), at(11, 0));
    assert.equal(nextSilenceChange(DEFAULT_SETTINGS, at(10, 0)), null);
  });

  it('says until when in words', () => {
    const { until } = createTranslator('en');
    assert.equal(until(at(14, 30), at(9, 0)), '14:30');
    assert.equal(until(at(8, 0, 24), at(23, 0)), 'tomorrow 08:00');
    assert.equal(until(at(8, 5, 26), at(23, 0)), 'Nov 26, 2026, 08:05');
  });
});
