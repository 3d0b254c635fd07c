import { isAbsolute, join } from 'node:path';

/** Passed by the login item / autostart entry: start in the tray without showing the window. */
export const HIDDEN_FLAG = '--hidden';

/** Launched at login (our flag on Windows/Linux, `wasOpenedAtLogin` on macOS): stay in the tray. */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(HIDDEN_FLAG);
}

export interface LaunchFacts {
  readonly execPath: string;
  /** The app folder Electron was started with (only used when not packaged). */
  readonly appPath: string;
  readonly isPackaged: boolean;
  /** `$APPIMAGE`: inside an AppImage, execPath points into a mount that is gone after exit. */
  readonly appImage: string | undefined;
}

/** The command line that starts this installation again, hidden. */
export function launchCommand(facts: LaunchFacts): string[] {
  if (facts.isPackaged) return [facts.appImage && facts.appImage !== '' ? facts.appImage : facts.execPath, HIDDEN_FLAG];
  return [facts.execPath, facts.appPath, HIDDEN_FLAG];
}

export const AUTOSTART_FILE = 'echo-tray.desktop';

/** `$XDG_CONFIG_HOME/autostart/echo-tray.desktop` (the spec ignores a relative XDG_CONFIG_HOME). */
export function xdgAutostartPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir, '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE);
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** Desktop Entry spec: quote reserved characters, escape inside quotes, then the string-value escapes. */
export function execArg(arg: string): string {
  if (/[\n\r]/.test(arg)) {
    throw new Error(`a command-line argument for the autostart entry cannot contain a line break: ${JSON.stringify(arg)}`);
  }
  const fieldSafe = arg.replace(/%/g, '%%');
  const quoted = arg === '' || RESERVED.test(arg) ? `"${fieldSafe.replace(/(["`$\\])/g, '\\$1')}"` : fieldSafe;
  return quoted.replace(/\\/g, '\\\\');
}

function stringValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export interface AutostartEntry {
  readonly name: string;
  readonly comment: string;
  readonly command: readonly string[];
}

/** The XDG autostart `.desktop` file: present = start at login. */
export function xdgAutostartEntry(entry: AutostartEntry): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${stringValue(entry.name)}`,
    `Comment=${stringValue(entry.comment)}`,
    `Exec=${entry.command.map(execArg).join(' ')}`,
    'Terminal=false',
    'StartupNotify=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
