import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirForSuite } from '../support/temp-dir.js';
import { MemoryLogger } from '../../app/log.js';
import { createAutostart } from '../../main/autostart.js';

describe('start at login', () => {
  const tmp = tempDirForSuite('echo-tray-autostart-');

  const launch = {
    execPath: '/tmp/.mount_EchoTr/echo-tray',
    appPath: '/tmp/.mount_EchoTr/resources/app.asar',
    isPackaged: true,
    appImage: '/home/a/Applications/Echo Tray.AppImage',
  };

  it('Linux: an XDG autostart entry that starts the AppImage hidden; removed when turned off', async () => {
    const loginItems: unknown[] = [];
    const autostart = createAutostart({
      platform: 'linux',
      app: { setLoginItemSettings: (s) => loginItems.push(s) },
      env: { XDG_CONFIG_HOME: join(tmp.path, 'cfg') },
      homeDir: tmp.path,
      launch,
      logger: new MemoryLogger(),
    });
    const path = join(tmp.path, 'cfg', 'autostart', 'echo-tray.desktop');
    await autostart.apply(true);
    const text = await readFile(path, 'utf8');
    assert.match(text, /^Exec="\/home\/a\/Applications\/Echo Tray.AppImage" --hidden$/m);
    assert.match(text, /^Name=Echo Tray$/m);
    assert.equal((await stat(path)).mode & 0o777, 0o644);
    await autostart.apply(false);
    await assert.rejects(stat(path), { code: 'ENOENT' });
    await autostart.apply(false);
    assert.deepEqual(loginItems, []);
  });

  for (const platform of ['win32', 'darwin'] as const) {
    it(`${platform}: a login item with --hidden`, async () => {
      const loginItems: unknown[] = [];
      const autostart = createAutostart({
        platform,
        app: { setLoginItemSettings: (s) => loginItems.push(s) },
        env: {},
        homeDir: tmp.path,
        launch,
        logger: new MemoryLogger(),
      });
      await autostart.apply(true);
      await autostart.apply(false);
      assert.deepEqual(loginItems, [
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    });
  }
});
