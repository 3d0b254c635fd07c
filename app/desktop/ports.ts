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

/** One user's preferences. */
export interface Preferences {
  readonly settings: Settings;
  /** Channels the user added in the window (templates, `{userId}` kept). */
  readonly addedChannels: readonly string[];
  readonly mutedChannels: readonly string[];
  /** Channels the user hid (typically one Laravel refused): no badge, not in the history filter. */
  readonly hiddenChannels: readonly string[];
}

/**
 * Everything the store keeps. The top-level preferences apply while nobody is logged in; their
 * `settings.autoStart` is the machine's (an OS login item is not per account). Until
 * `sharedClaimed`, they are a file from before preferences were per user, and the first user who
 * logs in (the one the stored session belonged to, if known) inherits them.
 */
export interface PreferencesFile extends Preferences {
  /** By user id (as Laravel gives it). */
  readonly users: Readonly<Record<string, Preferences>>;
  readonly sharedClaimed: boolean;
}

export interface PreferencesStore {
  load(): PreferencesFile;
  save(file: PreferencesFile): void;
}

/** Hands an already-validated URL to the OS browser (shell.openExternal), or prints it (preview). */
export interface UrlOpener {
  open(url: string): Promise<void>;
}
