import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreferencesFile } from '../../../app/desktop/ports.js';
import { EMPTY_PREFERENCES_FILE, MAX_USERS, preferencesFileFromStored } from '../../../app/desktop/preferences.js';
import { UserPreferences } from '../../../app/desktop/services/user-preferences.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore } from '../../../app/preview/preview-ports.js';

/** A store file from before preferences were per user: Alice's mutes and quiet hours, machine-wide. */
const LEGACY: PreferencesFile = preferencesFileFromStored({
  settings: { quietHours: { enabled: true }, autoStart: true },
  addedChannels: ['private-orders.{userId}'],
  mutedChannels: ['poster_room'],
});

function prefsOn(file: PreferencesFile) {
  const store = new MemoryPreferencesStore(file);
  return { store, prefs: new UserPreferences(store, new MemoryLogger()) };
}

describe('preferences per user', () => {
  it('reads a store from before per-user preferences as unclaimed shared ones', () => {
    assert.equal(LEGACY.sharedClaimed, false);
    assert.deepEqual(LEGACY.users, {});
    assert.deepEqual(LEGACY.mutedChannels, ['poster_room']);
    assert.deepEqual(preferencesFileFromStored('garbage'), EMPTY_PREFERENCES_FILE);
    const repaired = preferencesFileFromStored({ users: { '7': { mutedChannels: ['a', 3], settings: { theme: 'neon' } }, '8': null } });
    assert.deepEqual(repaired.users['7']?.mutedChannels, ['a']);
    assert.deepEqual(repaired.users['7']?.settings, DEFAULT_SETTINGS);
    assert.deepEqual(repaired.users['8']?.hiddenChannels, []);
  });

  it('the first user to log in inherits the shared preferences; the next one starts fresh; each gets their own back', () => {
    const { store, prefs } = prefsOn(LEGACY);
    assert.equal(prefs.switchUser('8164', 'alice@example.test'), true);
    assert.deepEqual(prefs.current.mutedChannels, ['poster_room']);
    assert.equal(prefs.current.settings.quietHours.enabled, true);
    prefs.save({ ...prefs.current, hiddenChannels: ['private-payroll'] });
    assert.equal(store.load().sharedClaimed, true);
    assert.deepEqual(store.load().mutedChannels, [], 'nothing of Alice is left where nobody is logged in');

    assert.equal(prefs.switchUser(null, null), true);
    assert.deepEqual(prefs.current.mutedChannels, []);
    assert.equal(prefs.current.settings.quietHours.enabled, false);
    assert.equal(prefs.switchUser(null, null), false, 'no change, no switch');

    prefs.switchUser('42', 'bob@example.test');
    assert.deepEqual(prefs.current.mutedChannels, []);
    assert.deepEqual(prefs.current.addedChannels, []);
    assert.deepEqual(prefs.current.hiddenChannels, []);
    assert.equal(prefs.current.settings.quietHours.enabled, false);
    prefs.save({ ...prefs.current, mutedChannels: ['chat'] });

    const again = new UserPreferences(store, new MemoryLogger());
    again.switchUser('8164', 'alice@example.test');
    assert.deepEqual(again.current.mutedChannels, ['poster_room']);
    assert.deepEqual(again.current.hiddenChannels, ['private-payroll']);
    again.switchUser('42', 'bob@example.test');
    assert.deepEqual(again.current.mutedChannels, ['chat']);
  });

  it('the shared preferences go to the account of the restored session, not to someone else who logs in first', () => {
    const { store, prefs } = prefsOn(LEGACY);
    prefs.expectOwner('Alice@Example.test');
    prefs.switchUser('42', 'bob@example.test');
    assert.deepEqual(prefs.current.mutedChannels, [], 'Bob does not get Alice\'s');
    assert.equal(store.load().sharedClaimed, false);
    prefs.switchUser('8164', 'alice@example.test');
    assert.deepEqual(prefs.current.mutedChannels, ['poster_room']);
    assert.equal(store.load().sharedClaimed, true);
  });

  it('start at login is the machine\'s: the same for every user', () => {
    const { prefs } = prefsOn(LEGACY);
    prefs.switchUser('8164', null);
    assert.equal(prefs.current.settings.autoStart, true);
    prefs.save({ ...prefs.current, settings: { ...prefs.current.settings, autoStart: false } });
    prefs.switchUser('42', null);
    assert.equal(prefs.current.settings.autoStart, false);
    prefs.save({ ...prefs.current, settings: { ...prefs.current.settings, autoStart: true } });
    prefs.switchUser(null, null);
    assert.equal(prefs.current.settings.autoStart, true);
  });
  it('start at login set by one user is what the next user sees too', () => {
    const { prefs } = prefsOn(LEGACY);
    prefs.switchUser('8164', null);
    prefs.switchUser('42', null);
    prefs.save({ ...prefs.current, settings: { ...prefs.current.settings, autoStart: false } });
    prefs.switchUser('8164', null);
    assert.equal(prefs.current.settings.autoStart, false);
  });

  it('only a user with no preferences of their own inherits the shared ones, and only once', () => {
    const file = preferencesFileFromStored({ mutedChannels: ['shared'], users: { '7': { mutedChannels: ['own'] } } });
    const { store, prefs } = prefsOn(file);
    prefs.switchUser('7', null);
    assert.deepEqual(prefs.current.mutedChannels, ['own'], 'not replaced by the shared ones');
    prefs.switchUser(null, null);
    assert.deepEqual(prefs.current.mutedChannels, ['shared'], 'logged out: the shared ones, still unclaimed');
    assert.equal(store.load().sharedClaimed, false);

    prefs.switchUser('8', null);
    assert.deepEqual(prefs.current.mutedChannels, ['shared'], 'the first new user inherits them');
    prefs.switchUser(null, null);
    prefs.save({ ...prefs.current, mutedChannels: ['set while logged out'] });
    prefs.switchUser('9', null);
    assert.deepEqual(prefs.current.mutedChannels, [], 'the next new user starts fresh');
  });

  it('a store that cannot be written is logged; the change still holds for this run', () => {
    const store = new MemoryPreferencesStore(LEGACY);
    store.save = () => {
      throw new Error('disk full');
    };
    const logger = new MemoryLogger();
    const prefs = new UserPreferences(store, logger);
    prefs.save({ ...prefs.current, mutedChannels: ['chat'] });
    assert.deepEqual(prefs.current.mutedChannels, ['chat']);
    assert.deepEqual(logger.lines.map((l) => [l.level, l.fields['error']]), [['error', 'disk full']]);
  });

  it('a store read back as nothing is empty; one with too many users keeps the first ones', () => {
    assert.deepEqual(preferencesFileFromStored(null), EMPTY_PREFERENCES_FILE);
    assert.deepEqual(preferencesFileFromStored(undefined), EMPTY_PREFERENCES_FILE);
    const users = Object.fromEntries(Array.from({ length: MAX_USERS + 1 }, (_, i) => [`u${i}`, {}]));
    const kept = Object.keys(preferencesFileFromStored({ users }).users);
    assert.equal(kept.length, MAX_USERS);
    assert.equal(kept.includes(`u${MAX_USERS}`), false);
  });
});
