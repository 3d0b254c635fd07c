import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Preferences, PreferencesStore, StoredCredentials, TokenVault, UrlOpener } from '../desktop/ports.js';
import { DEFAULT_SETTINGS, settingsFromStored } from '../desktop/settings.js';
import { TypedEmitter } from '../util/typed-emitter.js';

/** The preview keeps the token in memory only: a restart means logging in again. */
export class MemoryTokenVault implements TokenVault {
  readonly storage = 'memory' as const;
  constructor(private credentials: StoredCredentials | undefined = undefined) {}

  async load(): Promise<StoredCredentials | undefined> {
    return this.credentials;
  }

  async save(credentials: StoredCredentials): Promise<void> {
    this.credentials = credentials;
  }

  async clear(): Promise<void> {
    this.credentials = undefined;
  }
}

export const DEFAULT_PREFERENCES: Preferences = { settings: DEFAULT_SETTINGS, addedChannels: [], mutedChannels: [] };

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Preferences read back from a file that may be old or hand-edited: repaired, never fatal. */
export function preferencesFromJson(value: unknown): Preferences {
  if (typeof value !== 'object' || value === null) return DEFAULT_PREFERENCES;
  const v = value as Record<string, unknown>;
  return { settings: settingsFromStored(v.settings), addedChannels: stringList(v.addedChannels), mutedChannels: stringList(v.mutedChannels) };
}

export class MemoryPreferencesStore implements PreferencesStore {
  constructor(private preferences: Preferences = DEFAULT_PREFERENCES) {}

  load(): Preferences {
    return this.preferences;
  }

  save(preferences: Preferences): void {
    this.preferences = preferences;
  }
}

/** Preferences in a JSON file (`--prefs FILE`), written whole through a temp file and a rename. */
export class JsonFilePreferencesStore implements PreferencesStore {
  constructor(readonly path: string) {}

  load(): Preferences {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_PREFERENCES;
      throw new Error(`cannot read the preferences ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      return preferencesFromJson(JSON.parse(text));
    } catch {
      return DEFAULT_PREFERENCES;
    }
  }

  save(preferences: Preferences): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    // Owner only: the file names the user's channels. chmod too, since mode is ignored for an existing file.
    writeFileSync(temp, `${JSON.stringify(preferences, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }
}

/**
 * Instead of the OS browser: records each URL the main process would open (after the URL
 * policy), tells listeners (the printer, tests), and opens nothing.
 */
export class RecordingUrlOpener extends TypedEmitter<{ open: [url: string] }> implements UrlOpener {
  readonly opened: string[] = [];

  async open(url: string): Promise<void> {
    this.opened.push(url);
    this.emit('open', url);
  }
}
