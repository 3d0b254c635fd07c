import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROFILE_FILE, PROVISIONING_DIR } from '../../app/desktop/provisioning.js';
import { APP_ID, PRODUCT_NAME } from '../../main/app-identity.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  electronVersion?: string;
  directories?: { output?: string; buildResources?: string; app?: string };
  files?: (string | { from?: string; filter?: string[] })[];
  extraResources?: { from: string; to: string; filter: string[] }[];
  linux?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string };
  [key: string]: unknown;
}

/** electron-builder's own loader and validator (app-builder-lib, its JSON schema via ajv), offline. */
const builder = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const noDebug = { isEnabled: false, add: () => undefined };

describe('electron-builder.yml', () => {
  it('validates against app-builder-lib\'s schema (scheme.json)', async () => {
    const config = await builder.getConfig(root, null, null);
    await builder.validateConfiguration(config, noDebug);
  });

  it('the validator does reject a wrong key (so the check above means something)', async () => {
    const config = await builder.getConfig(root, null, null);
    await assert.rejects(
      builder.validateConfiguration({ ...config, appIdd: 'x' }, noDebug),
      /configuration has an unknown property 'appIdd'/,
    );
    await assert.rejects(
      builder.validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } as BuilderConfig['linux'] }, noDebug),
      /configuration\.linux should be/,
    );
    await assert.rejects(
      builder.validateConfiguration({ ...config, nsis: { oneClick: 'sometimes' } }, noDebug),
      /configuration\.nsis\.oneClick should be a boolean/,
    );
  });

  it('matches the app: appId (Windows AppUserModelID), name, pinned Electron, targets, icons, provisioning', async () => {
    const config = await builder.getConfig(root, null, null);
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string; devDependencies: Record<string, string> };
    assert.equal(config.appId, APP_ID);
    assert.equal(config.productName, PRODUCT_NAME);
    assert.equal(config.electronVersion, pkg.devDependencies.electron, 'the pinned version is the installed one');
    assert.match(config.electronVersion ?? '', /^\d+\.\d+\.\d+$/, 'an exact version, not a range');
    assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
    assert.deepEqual(config.win?.target, ['nsis']);
    assert.deepEqual(config.mac?.target, ['dmg', 'zip']);
    assert.notEqual(config.directories?.output ?? 'dist', 'dist', 'installers must not land in tsc\'s dist/');
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) await access(join(root, icon ?? 'missing'));
    assert.deepEqual(config.extraResources, [{ from: 'build/provisioning', to: PROVISIONING_DIR, filter: [PROFILE_FILE] }]);
    await access(join(root, pkg.main));
    const files = JSON.stringify(config.files);
    for (const needed of ['dist/main/', 'dist/preload/preload.cjs', 'dist/renderer/', 'dist/icons/', 'dist/app/']) {
      assert.ok(files.includes(needed), needed);
    }
  });

  it('app/ holds no package.json (electron-builder would take app/ as the application folder)', async () => {
    await assert.rejects(access(join(root, 'app', 'package.json')), { code: 'ENOENT' });
  });
});
