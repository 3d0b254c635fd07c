import type { PreferencesFile, PreferencesStore } from '../app/desktop/ports.js';
import { preferencesFileFromStored } from '../app/desktop/preferences.js';
import type { KeyValueStore, StoreShape } from './store-schema.js';

/** PreferencesStore on electron-store: read back through the same repair as the preview's file. */
export class StorePreferences implements PreferencesStore {
  constructor(private readonly store: KeyValueStore<StoreShape>) {}

  load(): PreferencesFile {
    const s = this.store;
    return preferencesFileFromStored({
      settings: s.get('settings'),
      addedChannels: s.get('addedChannels'),
      mutedChannels: s.get('mutedChannels'),
      hiddenChannels: s.get('hiddenChannels'),
      users: s.get('users'),
      sharedClaimed: s.get('sharedClaimed'),
    });
  }

  save(file: PreferencesFile): void {
    const users = Object.fromEntries(
      Object.entries(file.users).map(([id, p]) => [
        id,
        {
          settings: p.settings,
          addedChannels: [...p.addedChannels],
          mutedChannels: [...p.mutedChannels],
          hiddenChannels: [...p.hiddenChannels],
        },
      ]),
    );
    this.store.set('settings', file.settings);
    this.store.set('addedChannels', [...file.addedChannels]);
    this.store.set('mutedChannels', [...file.mutedChannels]);
    this.store.set('hiddenChannels', [...file.hiddenChannels]);
    this.store.set('users', users);
    this.store.set('sharedClaimed', file.sharedClaimed);
  }
}
