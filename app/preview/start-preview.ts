import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppController } from '../desktop/app-controller.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { PreferencesStore } from '../desktop/ports.js';
import { UserHistory } from '../history/user-history.js';
import { silentLogger, type Logger } from '../log.js';
import type { Profile } from '../profile/profile.js';
import { NoticePrinter } from './notice-printer.js';
import { printable } from './printable.js';
import { JsonFilePreferencesStore, MemoryPreferencesStore, MemoryTokenVault, RecordingUrlOpener } from './preview-ports.js';
import { PreviewServer } from './preview-server.js';

export interface PreviewOptions {
  readonly profile: Profile;
  /** The profile's history file; each user's sits next to it (default: in a temp dir, deleted by stop()). */
  readonly historyPath?: string;
  /** A JSON file for settings and channel changes; default memory. */
  readonly preferencesPath?: string;
  /** 0 (default): a free port on 127.0.0.1. */
  readonly port?: number;
  /** Start logged in with this bearer token (JWT or Sanctum), as a restored session. */
  readonly bearerToken?: string;
  /** The "system" languages the window is told (`--lang`); default: the browser's own. */
  readonly languages?: readonly string[];
  /** Where the preview says what the OS would have done: notifications shown, links opened. */
  readonly print?: (line: string) => void;
  readonly logger?: Logger;
  /** The built window and bridge (defaults: dist/renderer, dist/preview-web/preview-bridge.js). */
  readonly rendererDir?: string;
  readonly bridgeScript?: string;
  /** For quiet hours, pauses and bursts (default the system clock). */
  readonly clock?: Clock;
}

export interface Preview {
  readonly url: string;
  readonly server: PreviewServer;
  readonly controller: AppController;
  readonly history: UserHistory;
  /** Every URL the window asked to open that the URL policy let through. */
  readonly opener: RecordingUrlOpener;
  stop(): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../renderer', import.meta.url));
export const DEFAULT_BRIDGE_SCRIPT = fileURLToPath(new URL('../../preview-web/preview-bridge.js', import.meta.url));

/**
 * The whole app without Electron: the real core (AppController, EchoCore, the real per-user history)
 * behind the preview server, with a memory token vault, printed notifications and printed
 * (recorded) link opens.
 */
export async function startPreview(opts: PreviewOptions): Promise<Preview> {
  const logger = opts.logger ?? silentLogger;
  const print = opts.print ?? (() => undefined);
  const tempDir = opts.historyPath === undefined ? await mkdtemp(join(tmpdir(), 'echo-tray-preview-')) : undefined;
  const historyPath = opts.historyPath ?? join(tempDir ?? tmpdir(), 'history.jsonl');
  const history = new UserHistory({ profilePath: historyPath, cap: opts.profile.history.cap, logger });
  const preferences: PreferencesStore = opts.preferencesPath === undefined
    ? new MemoryPreferencesStore()
    : new JsonFilePreferencesStore(opts.preferencesPath);
  const opener = new RecordingUrlOpener();
  opener.on('open', (url) => print(`open in the browser: ${printable(url)}`));
  const vault = new MemoryTokenVault(opts.bearerToken === undefined ? undefined : { token: opts.bearerToken, email: null });
  const languages = opts.languages ?? null;
  const systemLanguages = (): readonly string[] | null => languages;
  const clock = opts.clock ?? systemClock;
  const controller = new AppController({
    profile: opts.profile, locked: false, vault, preferences, history, logger, opener, systemLanguages, clock,
  });
  const notices = new NoticePrinter({ clock, settings: () => controller.settings, print });
  controller.on('delivery', (delivery) => notices.offer(delivery));
  let server: PreviewServer;
  try {
    server = await PreviewServer.start({
      controller,
      rendererDir: opts.rendererDir ?? DEFAULT_RENDERER_DIR,
      bridgeScript: opts.bridgeScript ?? DEFAULT_BRIDGE_SCRIPT,
      port: opts.port ?? 0,
      logger,
    });
    await controller.start();
  } catch (err) {
    notices.dispose();
    await controller.stop();
    await history.close();
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    server,
    controller,
    history,
    opener,
    stop() {
      stopped ??= (async () => {
        await server.stop();
        notices.dispose();
        await controller.stop();
        await history.close();
        if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
