import type { Preferences, PreferencesFile } from './ports.js';
import { DEFAULT_SETTINGS, settingsFromStored } from './settings.js';

export const DEFAULT_PREFERENCES: Preferences = { settings: DEFAULT_SETTINGS, addedChannels: [], mutedChannels: [], hiddenChannels: [] };

export const EMPTY_PREFERENCES_FILE: PreferencesFile = { ...DEFAULT_PREFERENCES, users: {}, sharedClaimed: false };

/** Users kept at most: a store is one machine's, a few people share it. */
export const MAX_USERS = 200;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** One user's preferences read back from a store that may be old or hand-edited: repaired, never fatal. */
export function preferencesFromStored(value: unknown): Preferences {
  if (!isObject(value)) return DEFAULT_PREFERENCES;
  return {
    settings: settingsFromStored(value['settings']),
    addedChannels: strings(value['addedChannels']),
    mutedChannels: strings(value['mutedChannels']),
    hiddenChannels: strings(value['hiddenChannels']),
  };
}

/** The whole store read back (the electron-store keys, or the preview's JSON file): repaired, never fatal. */
export function preferencesFileFromStored(value: unknown): PreferencesFile {
  if (!isObject(value)) return EMPTY_PREFERENCES_FILE;
  const users: Record<string, Preferences> = {};
  const stored = value['users'];
  if (isObject(stored)) {
    for (const [id, prefs] of Object.entries(stored).slice(0, MAX_USERS)) users[id] = preferencesFromStored(prefs);
  }
  return { ...preferencesFromStored(value), users, sharedClaimed: value['sharedClaimed'] === true };
}
