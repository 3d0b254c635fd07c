import type { Preferences, PreferencesStore } from '../app/desktop/ports.js';
import { settingsFromStored } from '../app/desktop/settings.js';
import type { KeyValueStore, StoreShape } from './store-schema.js';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** PreferencesStore on electron-store: read back through the same repair as any stored settings. */
export class StorePreferences implements PreferencesStore {
  constructor(private readonly store: KeyValueStore<StoreShape>) {}

  load(): Preferences {
    return {
      settings: settingsFromStored(this.store.get('settings')),
      addedChannels: strings(this.store.get('addedChannels')),
      mutedChannels: strings(this.store.get('mutedChannels')),
    };
  }

  save(preferences: Preferences): void {
    this.store.set('settings', preferences.settings);
    this.store.set('addedChannels', [...preferences.addedChannels]);
    this.store.set('mutedChannels', [...preferences.mutedChannels]);
  }
}
