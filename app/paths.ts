import { homedir } from 'node:os';
import { join } from 'node:path';

/** Per-user data folder, following each OS's convention (Electron's `userData` in the desktop app). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Echo Tray');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Echo Tray');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'echo-tray');
}

/** A file-name-safe form of a profile name: "Acme staging" → "acme-staging". */
export function slug(name: string): string {
  const s = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' ? 'default' : s.slice(0, 60);
}
