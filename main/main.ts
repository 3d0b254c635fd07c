/**
 * The Electron entry point (package.json "main": dist/main/main.js): the only place that imports
 * the real Electron and electron-store; everything else gets them injected.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Store from 'electron-store';
import { systemClock } from '../app/util/clock.js';
import { resolveLocale, translatorFor } from '../app/i18n/index.js';
import { startDesktop } from './desktop-app.js';
import { electronPorts } from './electron-ports-real.js';
import { FileLogger } from './file-logger.js';
import { STORE_NAME, STORE_SCHEMA, type StoreShape } from './store-schema.js';
import { errorDetail, errorMessage } from '../app/util/error-reason.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const { app } = electronPorts;
const logger = new FileLogger(join(app.getPath('logs'), 'main.log'));

// Not awaited: the ESM entry must finish evaluating for Electron to emit `ready`.
startDesktop({
  electron: electronPorts,
  paths: {
    rendererDir: join(dist, 'renderer'),
    preloadPath: join(dist, 'preload', 'preload.cjs'),
    iconsDir: join(dist, 'icons'),
    resourcesPath: app.isPackaged ? process.resourcesPath : null,
  },
  host: { argv: process.argv, platform: process.platform, env: process.env, execPath: process.execPath, homeDir: homedir() },
  clock: systemClock,
  logger,
  openStore: (userData) => new Store<StoreShape>({ name: STORE_NAME, cwd: userData, schema: STORE_SCHEMA, clearInvalidConfig: true,
    configFileMode: 0o600 }),
}).catch((err: unknown) => {
  logger.log('error', 'Echo Tray failed to start', { error: errorDetail(err) });
  const tr = translatorFor(resolveLocale(electronPorts.app.getPreferredSystemLanguages()));
  electronPorts.dialog.showErrorBox(tr.t('app.cannotStart', { product: 'Echo Tray' }), errorMessage(err));
  app.quit();
});
