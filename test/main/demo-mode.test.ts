import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirForSuite } from '../support/temp-dir.js';
import Conf from 'conf';
import { systemClock } from '../../app/util/clock.js';
import { DEMO_INTERVAL_ENV } from '../../app/demo/demo-server-side.js';
import { MemoryLogger } from '../../app/log.js';
import { startDesktop, type DesktopDeps } from '../../main/desktop-app.js';
import { STORE_NAME, STORE_SCHEMA, type StoreShape } from '../../main/store-schema.js';
import { once } from '../support/events.js';
import { alive } from '../support/process-tree.js';
import { createFakeElectron, type FakeElectron, type FakeMenu } from './fake-electron.js';

describe('npm start -- --demo', () => {
  const tmp = tempDirForSuite('echo-tray-demo-mode-');

  const deps = (electron: FakeElectron, argv: string[], extra: Partial<DesktopDeps<FakeMenu>> = {}): DesktopDeps<FakeMenu> => ({
    electron,
    paths: { rendererDir: join(tmp.path, 'renderer'), preloadPath: join(tmp.path, 'preload.cjs'), iconsDir: '/icons', resourcesPath: null },
    // A long interval: only the first sample (published at once) is sent during the test.
    host: {
      argv,
      platform: 'linux',
      env: { [DEMO_INTERVAL_ENV]: '600000' },
      execPath: '/opt/echo-tray/echo-tray',
      homeDir: join(tmp.path, 'home'),
    },
    clock: systemClock,
    logger: new MemoryLogger(),
    openStore: (cwd) => new Conf<StoreShape>({ cwd, configName: STORE_NAME, schema: STORE_SCHEMA, clearInvalidConfig: true }),
    // The user's own (missing) profile: the demo must not need it, the product must not replace it.
    profileLocations: [{ source: 'env', path: join(tmp.path, 'missing-profile.json') }],
    ...extra,
  });

  it('starts the demo server side, logs the demo user in and raises OS notifications for its broadcasts; quitting ends it', async (t) => {
    const electron = createFakeElectron({
      userData: join(tmp.path, 'userData'), logs: join(tmp.path, 'logs'), home: join(tmp.path, 'home'),
    });
    const desktop = await startDesktop(deps(electron, ['echo-tray', '--demo']));
    assert.ok(desktop, 'the app starts');
    const demo = desktop.demo;
    assert.ok(demo, 'the demo runs');
    t.after(async () => {
      const pids = demo.stack.pids();
      await desktop.shutdown();
      assert.deepEqual(pids.filter(alive), [], 'the demo servers are gone');
      assert.equal(existsSync(demo.stack.dir), false, 'the demo temp dir is removed');
    });
    assert.equal(desktop.provisioned.path, demo.stack.profilePath);
    assert.equal(desktop.provisioned.profile.laravel.url, demo.stack.laravel.url);
    assert.ok(desktop.history.profilePath.startsWith(demo.stack.dir),
      `the demo keeps its history in its temp dir: ${desktop.history.profilePath}`);
    const delivered = once(desktop.controller, 'delivery', { timeoutMs: 20_000 });
    await desktop.started;
    assert.equal(desktop.controller.sessionState.state, 'logged-in');
    assert.equal(desktop.controller.sessionState.email, demo.credentials.email);
    await delivered;
    const shown = electron.notifications.filter((n) => n.shown).map((n) => n.options.title);
    assert.ok(shown.some((t) => t?.startsWith('To-do')), `an OS notification for the first sample: ${JSON.stringify(shown)}`);
  });

  it('without --demo the app never falls back to the demo, even with no profile', async () => {
    const electron = createFakeElectron({ userData: join(tmp.path, 'userData2'), logs: join(tmp.path, 'logs') });
    let demoStarts = 0;
    const result = await startDesktop(
      deps(electron, ['echo-tray'], {
        startDemo: () => {
          demoStarts++;
          return Promise.reject(new Error('not reached'));
        },
      }),
    );
    assert.equal(result, null);
    assert.equal(demoStarts, 0);
    assert.equal(electron.dialog.errors[0]?.title, 'Echo Tray cannot start');
  });
});
