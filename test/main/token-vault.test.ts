import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Conf from 'conf';
import { DEFAULT_SETTINGS } from '../../app/desktop/settings.js';
import { MemoryLogger } from '../../app/log.js';
import { EMPTY_PREFERENCES_FILE } from '../../app/desktop/preferences.js';
import { StorePreferences } from '../../main/preferences-store.js';
import { STORE_NAME, STORE_SCHEMA, type StoreShape } from '../../main/store-schema.js';
import { SafeStorageVault } from '../../main/token-vault.js';
import { createFakeElectron, type FakeElectron } from './fake-electron.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI4MTY0In0.c2lnbmF0dXJl';

describe('token vault (safeStorage) and preferences (electron-store schema)', () => {
  let dir: string;
  let electron: FakeElectron;
  let store: Conf<StoreShape>;
  const logger = new MemoryLogger();
  const open = (platform: NodeJS.Platform = 'linux'): Promise<SafeStorageVault> => SafeStorageVault.open({
    safeStorage: electron.safeStorage,
    store,
    platform,
    logger,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-vault-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    electron = createFakeElectron({ userData: dir });
    await electron.app.whenReady();
    store = new Conf<StoreShape>({ cwd: dir, configName: STORE_NAME, schema: STORE_SCHEMA, clearInvalidConfig: true });
    store.clear();
  });

  it('a stored session that is not a token is forgotten with a warning; a non-text email becomes null', async () => {
    const opened = logger.lines.length;
    const vault = await open();
    assert.equal(logger.lines.length, opened, 'a keyring-backed vault warns about nothing');
    const plant = async (plain: string): Promise<void> =>
      store.set('session', { scheme: 'safeStorage',
        ciphertext: (await electron.safeStorage.encryptStringAsync(plain)).toString('base64') });
    for (const plain of ['null', '"eyJ"', '[]', '{"token":""}', '{"token":5}', '{}']) {
      await plant(plain);
      const before = logger.lines.length;
      assert.equal(await vault.load(), undefined, plain);
      assert.equal(store.get('session'), undefined, `${plain}: forgotten`);
      assert.deepEqual(logger.lines.slice(before).map((l) => [l.level, l.message, l.fields.error]), [
        ['warn', 'the stored login could not be decrypted; it was forgotten', 'the stored session is not a token'],
      ], plain);
    }
    await plant(JSON.stringify({ token: TOKEN, email: 7 }));
    assert.deepEqual(await vault.load(), { token: TOKEN, email: null });
  });

  it('writes only ciphertext to the store file and reads it back', async () => {
    const vault = await open();
    assert.equal(vault.storage, 'encrypted');
    await vault.save({ token: TOKEN, email: 'alice@example.test' });
    const file = await readFile(store.path, 'utf8');
    for (const secret of [TOKEN, 'eyJ', 'c2lnbmF0dXJl', 'alice@example.test', Buffer.from(TOKEN).toString('base64')]) {
      assert.ok(!file.includes(secret), secret);
    }
    assert.match(store.get('session')?.ciphertext ?? '', /^[A-Za-z0-9+/]+={0,2}$/);
    assert.deepEqual(await (await open()).load(), { token: TOKEN, email: 'alice@example.test' });
    await vault.clear();
    assert.equal(store.get('session'), undefined);
    assert.equal(await vault.load(), undefined);
  });

  it('the schema refuses a plain-text token in the session slot', () => {
    assert.throws(() => store.set('session', { scheme: 'safeStorage', ciphertext: TOKEN }), /Config schema violation/);
  });

  it('Linux basic_text is "weak" (still written, obfuscated); other OSes are "encrypted"', async () => {
    electron.safeStorage.backend = 'basic_text';
    assert.equal((await open('linux')).storage, 'weak');
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /basic_text/.test(l.message)));
    assert.equal((await open('win32')).storage, 'encrypted', 'the backend is a Linux notion');
    const weak = await open('linux');
    await weak.save({ token: TOKEN, email: null });
    assert.ok(!(await readFile(store.path, 'utf8')).includes(TOKEN));
  });

  it('without encryption the token stays in memory only', async () => {
    electron.safeStorage.encryptionAvailable = false;
    const vault = await open();
    assert.equal(vault.storage, 'memory');
    await vault.save({ token: TOKEN, email: null });
    assert.equal(store.get('session'), undefined);
    assert.deepEqual(await vault.load(), { token: TOKEN, email: null });
  });

  it('a ciphertext this keyring cannot read is forgotten; a rotated key re-encrypts', async () => {
    const vault = await open();
    await vault.save({ token: TOKEN, email: null });
    const other = createFakeElectron({ userData: dir });
    await other.app.whenReady();
    const stranger = await SafeStorageVault.open({ safeStorage: other.safeStorage, store, platform: 'linux', logger });
    assert.equal(await stranger.load(), undefined);
    assert.equal(store.get('session'), undefined);

    await vault.save({ token: TOKEN, email: null });
    const before = store.get('session')?.ciphertext;
    electron.safeStorage.rotateKey = true;
    assert.deepEqual(await vault.load(), { token: TOKEN, email: null });
    assert.notEqual(store.get('session')?.ciphertext, before);
  });

  it('preferences round-trip through the schema; bad values are refused at write and repaired at read', () => {
    const prefs = new StorePreferences(store);
    assert.deepEqual(prefs.load(), EMPTY_PREFERENCES_FILE);
    const bob = {
      settings: { ...DEFAULT_SETTINGS, theme: 'dark' as const },
      addedChannels: [],
      mutedChannels: ['chat'],
      hiddenChannels: ['private-payroll'],
    };
    const next = {
      settings: { ...DEFAULT_SETTINGS, autoStart: true, pausedUntil: '2026-11-24T08:00:00.000Z' },
      addedChannels: ['presence-chat.{userId}'],
      mutedChannels: ['poster_room'],
      hiddenChannels: [],
      users: { '42': bob },
      sharedClaimed: true,
    };
    prefs.save(next);
    assert.deepEqual(new StorePreferences(new Conf<StoreShape>({ cwd: dir, configName: STORE_NAME, schema: STORE_SCHEMA })).load(), next);
    assert.throws(
      () => prefs.save({ ...next, settings: { ...next.settings, quietHours: { ...next.settings.quietHours, start: '7pm' } } }),
      /Config schema violation/,
    );
  });
});
