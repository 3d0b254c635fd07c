import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirForSuite } from '../../support/temp-dir.js';
import {
  loadProvisionedProfile,
  machineProfilePath,
  profileLocations,
  ProvisioningError,
  type ProfileLocation,
} from '../../../app/desktop/provisioning.js';
import { ProfileError } from '../../../app/profile/profile.js';

const profile = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name,
    laravel: { url: 'https://app.acme.test' },
    connection: { broadcaster: 'socket.io', host: 'https://ws.acme.test' },
    channels: ['poster_room'],
    ...extra,
  });

describe('provisioning', () => {
  const tmp = tempDirForSuite('echo-tray-provisioning-');

  const loc = (source: ProfileLocation['source'], name: string): ProfileLocation => ({ source, path: join(tmp.path, name) });
  const write = (name: string, text: string): Promise<void> => writeFile(join(tmp.path, name), text);

  it('documents one machine path per OS and looks in IT places first', () => {
    assert.equal(machineProfilePath('linux', {}), '/etc/echo-tray/profile.json');
    assert.equal(machineProfilePath('darwin', {}), '/Library/Application Support/Echo Tray/profile.json');
    assert.equal(machineProfilePath('win32', { ProgramData: 'D:\\ProgramData' }), 'D:\\ProgramData\\Echo Tray\\profile.json');
    const list = profileLocations({
      platform: 'win32',
      env: { ECHO_TRAY_PROFILE: 'C:\\dev\\p.json' },
      resourcesPath: 'C:\\Program Files\\Echo Tray\\resources',
      userDataDir: 'C:\\Users\\a\\AppData\\Roaming\\Echo Tray',
    });
    assert.deepEqual(list, [
      { source: 'machine', path: 'C:\\ProgramData\\Echo Tray\\profile.json' },
      { source: 'installer', path: 'C:\\Program Files\\Echo Tray\\resources\\provisioning\\profile.json' },
      { source: 'env', path: 'C:\\dev\\p.json' },
      { source: 'user', path: 'C:\\Users\\a\\AppData\\Roaming\\Echo Tray\\profile.json' },
    ]);
    assert.deepEqual(
      profileLocations({ platform: 'linux', env: {}, resourcesPath: null, userDataDir: '/home/a/.config/Echo Tray' }).map((l) => l.source),
      ['machine', 'user'],
    );
  });

  it('a locked IT profile wins over the user\'s; the lock key is not a profile key', async () => {
    await write('it-locked.json', profile('IT', { locked: true }));
    await write('user.json', profile('Mine'));
    const p = await loadProvisionedProfile([loc('machine', 'missing.json'), loc('installer', 'it-locked.json'), loc('user', 'user.json')]);
    assert.deepEqual(
      { name: p.profile.name, source: p.source, locked: p.locked, warnings: p.warnings },
      { name: 'IT', source: 'installer', locked: true, warnings: [] },
    );
  });

  it('an unlocked IT profile is the default: the user\'s own profile replaces it', async () => {
    await write('it-open.json', profile('IT'));
    const withUser = await loadProvisionedProfile([loc('installer', 'it-open.json'), loc('user', 'user.json')]);
    assert.deepEqual([withUser.profile.name, withUser.locked], ['Mine', false]);
    const alone = await loadProvisionedProfile([loc('installer', 'it-open.json'), loc('user', 'none.json')]);
    assert.deepEqual([alone.profile.name, alone.source, alone.locked], ['IT', 'installer', false]);
  });

  it('the machine path beats the installer\'s file; a user cannot lock', async () => {
    await write('machine.json', profile('Machine', { locked: true }));
    assert.equal(
      (await loadProvisionedProfile([loc('machine', 'machine.json'), loc('installer', 'it-locked.json')])).profile.name,
      'Machine',
    );
    await write('user-locked.json', profile('Mine', { locked: true }));
    const p = await loadProvisionedProfile([loc('user', 'user-locked.json')]);
    assert.equal(p.locked, false);
    assert.match(p.warnings.join(), /only a profile IT provisions can be locked/);
  });

  it('says what is wrong and where to put a profile', async () => {
    await write('broken.json', '{ "name": ');
    await assert.rejects(
      loadProvisionedProfile([loc('machine', 'broken.json')]),
      (err: unknown) => err instanceof ProfileError && /broken\.json/.test(err.message) && /not valid JSON/.test(err.message),
    );
    await write('bad-lock.json', profile('X', { locked: 'yes' }));
    await assert.rejects(loadProvisionedProfile([loc('installer', 'bad-lock.json')]), /locked: expected true or false/);
    await assert.rejects(loadProvisionedProfile([loc('env', 'missing-env.json')]), /file not found/);
    await assert.rejects(
      loadProvisionedProfile([loc('machine', 'a.json'), loc('user', 'b.json')]),
      (err: unknown) => err instanceof ProvisioningError && err.message.includes(join(tmp.path, 'a.json')) && err.tried.length === 2,
    );
  });
  it('uses the separators of the OS, and an empty ECHO_TRAY_PROFILE is no profile', () => {
    const list = profileLocations({
      platform: 'linux',
      env: { ECHO_TRAY_PROFILE: '' },
      resourcesPath: '/opt/Echo Tray/resources',
      userDataDir: '/home/a/.config/Echo Tray',
    });
    assert.deepEqual(list, [
      { source: 'machine', path: '/etc/echo-tray/profile.json' },
      { source: 'installer', path: '/opt/Echo Tray/resources/provisioning/profile.json' },
      { source: 'user', path: '/home/a/.config/Echo Tray/profile.json' },
    ]);
  });

  it('an IT profile is looked for first even when the list names the user\'s first', async () => {
    const read: string[] = [];
    const p = await loadProvisionedProfile([loc('user', 'user.json'), loc('machine', 'machine.json')], (path) => {
      read.push(path);
      return readFile(path, 'utf8');
    });
    assert.deepEqual([p.profile.name, p.source, p.locked], ['Machine', 'machine', true]);
    assert.deepEqual(read, [join(tmp.path, 'machine.json')], 'the user\'s file is not even read');
  });

  it('a default place that cannot hold a file is skipped; one that cannot be read is an error saying why', async () => {
    await write('plain-file', 'not a directory');
    const p = await loadProvisionedProfile([loc('machine', join('plain-file', 'profile.json')), loc('user', 'user.json')]);
    assert.equal(p.profile.name, 'Mine');
    await mkdir(join(tmp.path, 'a-directory.json'));
    await assert.rejects(loadProvisionedProfile([loc('machine', 'a-directory.json')]), /is a directory/);
    const failing = (code: string) => async (): Promise<string> => {
      throw Object.assign(new Error(`${code}: it failed`), { code });
    };
    await assert.rejects(loadProvisionedProfile([loc('machine', 'x.json')], failing('EACCES')), /x\.json.*permission denied/s);
    await assert.rejects(loadProvisionedProfile([loc('user', 'x.json')], failing('EIO')), /Error: EIO: it failed/);
  });

  it('a profile saved with a byte order mark (Windows Notepad) reads; only the leading mark is dropped', async () => {
    await write('bom.json', `\uFEFF${profile('Acme\uFEFF')}`);
    assert.equal((await loadProvisionedProfile([loc('user', 'bom.json')])).profile.name, 'Acme\uFEFF');
    await write('inner-bom.json', profile('Acme\uFEFF'));
    assert.equal((await loadProvisionedProfile([loc('user', 'inner-bom.json')])).profile.name, 'Acme\uFEFF');
  });

  it('JSON that is not an object is an invalid profile, not a crash; an unlocked user profile has no warning', async () => {
    for (const text of ['null', '"profile"', '[1]']) {
      await write('not-object.json', text);
      await assert.rejects(loadProvisionedProfile([loc('user', 'not-object.json')]), ProfileError, text);
    }
    await write('user-unlocked.json', profile('Mine', { locked: false }));
    assert.deepEqual((await loadProvisionedProfile([loc('user', 'user-unlocked.json')])).warnings, []);
  });

  it('no profile anywhere: a ProvisioningError listing each place on its own line', async () => {
    const err = await loadProvisionedProfile([loc('machine', 'a.json'), loc('user', 'b.json')]).catch((e: unknown) => e);
    assert.ok(err instanceof ProvisioningError);
    assert.equal(err.name, 'ProvisioningError');
    assert.ok(err.message.endsWith(`:\n  ${join(tmp.path, 'a.json')} (machine)\n  ${join(tmp.path, 'b.json')} (user)`), err.message);
  });
});
