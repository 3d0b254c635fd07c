import type { Settings, SettingsPatch } from '../../schema/settings-schema.js';
import { applySettingsPatch } from '../settings.js';
import type { Emit } from './controller-events.js';
import type { UserPreferences } from './user-preferences.js';

/** `settings:update`: applies the window's patch (SettingsError on a bad value), keeps it, tells everyone. */
export class SettingsService {
  constructor(private readonly prefs: UserPreferences, private readonly emit: Emit) {}

  get current(): Settings {
    return this.prefs.current.settings;
  }

  update(patch: SettingsPatch): Settings {
    const next = applySettingsPatch(this.prefs.current.settings, patch);
    this.prefs.save({ ...this.prefs.current, settings: next });
    this.emit('push:settings', next);
    return next;
  }
}
