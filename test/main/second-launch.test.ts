import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLogger } from '../../app/log.js';
import { startDesktop } from '../../main/desktop-app.js';
import { FakeClock } from '../app/desktop/fake-clock.js';
import { createFakeElectron } from './fake-electron.js';
import { sharedLaravel, startHarness } from './desktop-harness.js';

describe('launching the desktop app', () => {
  const { laravel } = sharedLaravel();

  it('a second launch quits at once and silently: no scheme, no error box, no profile search, no store', async () => {
    const second = createFakeElectron({ userData: '/nonexistent', logs: '/nonexistent' });
    second.app.lockAvailable = false;
    const result = await startDesktop({
      electron: second,
      paths: { rendererDir: '/r', preloadPath: '/p.cjs', iconsDir: '/icons', resourcesPath: null },
      host: { argv: ['echo-tray'], platform: 'linux', env: {}, execPath: '/x', homeDir: '/home/x' },
      clock: new FakeClock(new Date()),
      logger: new MemoryLogger(),
      openStore: () => {
        throw new Error('a second instance opens no store');
      },
      profileLocations: [],
    });
    assert.equal(result, null);
    assert.equal(second.app.quitRequests, 1);
    assert.deepEqual(second.dialog.errors, [], 'the running copy shows its window; this one says nothing');
    assert.deepEqual(second.protocol.privileged, []);
    assert.equal(second.app.ready, false, 'it did not even wait for ready');
  });

  it('registers app:// as a standard, secure scheme with fetch, and uses the app icon for the window', async () => {
    const h = await startHarness({ laravel });
    try {
      const privileges = { standard: true, secure: true, supportFetchAPI: true };
      assert.deepEqual(h.electron.protocol.privileged, [{ scheme: 'app', privileges }]);
      assert.equal(h.window().options.icon, '/icons/app.png');
    } finally {
      await h.stop();
    }
  });
});
