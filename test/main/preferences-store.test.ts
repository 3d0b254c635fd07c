import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirForSuite } from '../support/temp-dir.js';
import Conf from 'conf';
import type { PreferencesFile } from '../../app/desktop/ports.js';
import { DEFAULT_SETTINGS } from '../../app/desktop/settings.js';
import { StorePreferences } from '../../main/preferences-store.js';
import { STORE_NAME, STORE_SCHEMA, type StoreShape } from '../../main/store-schema.js';

describe('StorePreferences: every list of every user survives a restart', () => {
  const tmp = tempDirForSuite('echo-tray-prefs-store-');

  const open = () => new Conf<StoreShape>({ cwd: tmp.path, configName: STORE_NAME, schema: STORE_SCHEMA, clearInvalidConfig: true });

  it('saves and loads the shared and per-user settings, added, muted and hidden channels', () => {
    const file: PreferencesFile = {
      settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
      addedChannels: ['orders'],
      mutedChannels: ['poster_room'],
      hiddenChannels: ['private-refused'],
      users: {
        '8164': {
          settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' },
          addedChannels: ['private-team.{userId}'],
          mutedChannels: ['news'],
          hiddenChannels: ['private-admin'],
        },
      },
      sharedClaimed: true,
    };
    new StorePreferences(open()).save(file);
    assert.deepEqual(new StorePreferences(open()).load(), file, 'a new store object reads back what was saved');
  });

  it('keeps them in <userData>/echo-tray.json, where earlier versions left them', () => {
    new StorePreferences(open()).save({ ...new StorePreferences(open()).load(), addedChannels: ['kept'] });
    assert.ok(existsSync(join(tmp.path, 'echo-tray.json')));
  });
});
