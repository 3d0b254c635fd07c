import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AppState } from '../../app/bridge/contract.js';
import { MemoryLogger } from '../../app/log.js';
import { startDesktop } from '../../main/desktop-app.js';
import { FakeClock } from '../app/desktop/fake-clock.js';
import { sharedLaravel, startHarness } from './desktop-harness.js';
import { createFakeElectron } from './fake-electron.js';

describe('provisioning at startup', () => {
  const { laravel } = sharedLaravel();
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-noprofile-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without any profile the app says where to put one and quits', async () => {
    const electron = createFakeElectron({ userData: dir, logs: dir });
    const result = await startDesktop({
      electron,
      paths: { rendererDir: '/r', preloadPath: '/p.cjs', iconsDir: '/icons', resourcesPath: '/opt/Echo Tray/resources' },
      host: { argv: ['echo-tray'], platform: 'linux', env: {}, execPath: '/opt/Echo Tray/echo-tray', homeDir: dir },
      clock: new FakeClock(new Date()),
      logger: new MemoryLogger(),
      openStore: () => {
        throw new Error('not reached');
      },
      profileLocations: [
        { source: 'machine', path: join(dir, 'etc-echo-tray-profile.json') },
        { source: 'installer', path: join(dir, 'resources', 'provisioning', 'profile.json') },
      ],
    });
    assert.equal(result, null);
    assert.equal(electron.dialog.errors.length, 1);
    assert.equal(electron.dialog.errors[0]?.title, 'Echo Tray cannot start');
    assert.match(electron.dialog.errors[0]?.content ?? '', /Ask IT for the Echo Tray profile/);
    assert.match(electron.dialog.errors[0]?.content ?? '', /etc-echo-tray-profile\.json \(machine\)/);
    assert.equal(electron.app.quitRequests, 1);
    assert.equal(electron.trays.length, 0);
  });

  it('a profile whose connection.url does not parse: the dialog and main.log name it without its password (issue 12.7)', async () => {
    const electron = createFakeElectron({ userData: dir, logs: dir });
    const path = join(dir, 'bad-url-profile.json');
    const profile = { name: 'Acme', laravel: { url: 'https://app.acme.test' }, connection: { broadcaster: 'redis',
      url: 'redis://:pass#word@host:6379' }, channels: ['c'] };
    await writeFile(path, JSON.stringify(profile));
    const logger = new MemoryLogger();
    const result = await startDesktop({
      electron,
      paths: { rendererDir: '/r', preloadPath: '/p.cjs', iconsDir: '/icons', resourcesPath: '/opt/Echo Tray/resources' },
      host: { argv: ['echo-tray'], platform: 'linux', env: {}, execPath: '/opt/Echo Tray/echo-tray', homeDir: dir },
      clock: new FakeClock(new Date()),
      logger,
      openStore: () => {
        throw new Error('not reached');
      },
      profileLocations: [{ source: 'machine', path }],
    });
    assert.equal(result, null);
    const shown = electron.dialog.errors[0]?.content ?? '';
    assert.match(shown, /connection\.url/);
    assert.ok(!shown.includes('pass'), shown);
    assert.ok(!JSON.stringify(logger.lines).includes('pass'), JSON.stringify(logger.lines));
  });

  it('an IT profile with "locked": true is shown read-only in the window', async (t) => {
    const h = await startHarness({ laravel, profile: { locked: true }, profileSource: 'installer' });
    t.after(async () => {
      await h.stop();
    });
    await h.windowLoaded();
    const state = (await h.invoke('app:state')) as AppState;
    assert.equal(state.profile.locked, true);
    assert.equal(h.desktop.provisioned.source, 'installer');
  });
});
