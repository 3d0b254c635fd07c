import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, settingsFromStored } from '../../../app/desktop/settings.js';

describe('settings', () => {
  it('by default urgent notifications get through quiet hours, and the app does not start at login unasked', () => {
    assert.equal(DEFAULT_SETTINGS.quietHours.allowUrgent, true);
    assert.equal(DEFAULT_SETTINGS.autoStart, false);
  });

  it('stored settings that pass the patch check but do not make valid settings fall back to the defaults', () => {
    assert.deepEqual(settingsFromStored({ quietHours: { enabled: undefined } }), DEFAULT_SETTINGS);
    assert.deepEqual(settingsFromStored({ theme: 'dark' }), { ...DEFAULT_SETTINGS, theme: 'dark' });
  });
});
