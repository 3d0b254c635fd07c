import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HIDDEN_FLAG, launchCommand, xdgAutostartEntry, xdgAutostartPath, type LaunchFacts } from '../app/desktop/autostart-entry.js';
import type { Logger } from '../app/log.js';
import { APP_DESCRIPTION, PRODUCT_NAME } from './app-identity.js';
import type { AppPort } from './electron-ports.js';
import { errorMessage } from '../app/util/error-reason.js';

/** Start at login, or not: the `autoStart` setting applied to the OS. */
export interface Autostart {
  apply(enabled: boolean): Promise<void>;
}

export interface AutostartDeps {
  readonly platform: NodeJS.Platform;
  readonly app: Pick<AppPort, 'setLoginItemSettings'>;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly launch: LaunchFacts;
  readonly logger: Logger;
}

/** Windows and macOS: login items. Linux: an XDG autostart entry (`~/.config/autostart/echo-tray.desktop`). */
export function createAutostart(deps: AutostartDeps): Autostart {
  if (deps.platform === 'linux') {
    const path = xdgAutostartPath(deps.env, deps.homeDir);
    return {
      async apply(enabled) {
        if (!enabled) {
          await rm(path, { force: true });
          return;
        }
        await mkdir(dirname(path), { recursive: true });
        // Rewritten at every start: an AppImage that moved must still start from where it is now.
        await writeFile(
          path,
          xdgAutostartEntry({ name: PRODUCT_NAME, comment: APP_DESCRIPTION, command: launchCommand(deps.launch) }),
          { mode: 0o644 },
        );
        deps.logger.log('info', 'autostart entry written', { path });
      },
    };
  }
  return {
    async apply(enabled) {
      // macOS ignores `args` and reports wasOpenedAtLogin instead; Windows passes them to the exe.
      deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    },
  };
}

/** Applies the setting whenever it changes, one change at a time and in order ("on" then "off" cannot race). */
export class AutostartSync {
  private applied: boolean;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly autostart: Autostart,
    initial: boolean,
    private readonly logger: Logger,
  ) {
    this.applied = initial;
    // Also at every start: the entry must follow an AppImage that moved.
    this.enqueue(initial);
  }

  set(enabled: boolean): void {
    if (enabled === this.applied) return;
    this.applied = enabled;
    this.enqueue(enabled);
  }

  /** Resolves once every change asked so far is applied (or failed and was logged). */
  settled(): Promise<void> {
    return this.work;
  }

  private enqueue(enabled: boolean): void {
    this.work = this.work
      .then(() => this.autostart.apply(enabled))
      .catch((err: unknown) => this.logger.log('error', 'could not change start at login', { error: errorMessage(err) }));
  }
}
