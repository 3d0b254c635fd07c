import type { Settings } from '../bridge/contract.js';

/** The things the app controller needs from its host (Electron main, or the preview server). */

export interface StoredCredentials {
  readonly token: string;
  readonly email: string | null;
}

/** Keeps the bearer token: Electron's safeStorage in the app, memory in the preview. Never plain text on disk. */
export interface TokenVault {
  readonly storage: 'encrypted' | 'weak' | 'memory';
  load(): Promise<StoredCredentials | undefined>;
  save(credentials: StoredCredentials): Promise<void>;
  clear(): Promise<void>;
}

export interface Preferences {
  readonly settings: Settings;
  /** Channels the user added in the window (templates, `{userId}` kept). */
  readonly addedChannels: readonly string[];
  readonly mutedChannels: readonly string[];
}

export interface PreferencesStore {
  load(): Preferences;
  save(preferences: Preferences): void;
}

/** Hands an already-validated URL to the OS browser (shell.openExternal), or prints it (preview). */
export interface UrlOpener {
  open(url: string): Promise<void>;
}
