import type { StoredCredentials, TokenVault } from '../app/desktop/ports.js';
import type { Logger } from '../app/log.js';
import type { SafeStoragePort } from './electron-ports.js';
import type { KeyValueStore, StoreShape } from './store-schema.js';
import { errorMessage } from '../app/util/error-reason.js';

export interface SafeStorageVaultDeps {
  readonly safeStorage: SafeStoragePort;
  readonly store: KeyValueStore<StoreShape>;
  readonly platform: NodeJS.Platform;
  readonly logger: Logger;
}

/**
 * How well safeStorage protects the token here. Linux's `basic_text` backend (no keyring found)
 * only obfuscates it with a key built into Chromium: `weak`, and the window says so.
 * Without any encryption the token is kept in memory only (log in again after a restart).
 */
export async function tokenStorageLevel(safeStorage: SafeStoragePort, platform: NodeJS.Platform): Promise<TokenVault['storage']> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'memory';
  if (platform !== 'linux') return 'encrypted';
  const backend = safeStorage.getSelectedStorageBackend();
  return backend === 'basic_text' || backend === 'unknown' ? 'weak' : 'encrypted';
}

function parseCredentials(text: string): StoredCredentials | undefined {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const { token, email } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') return undefined;
  return { token, email: typeof email === 'string' ? email : null };
}

/** TokenVault on Electron's safeStorage: only ciphertext reaches the electron-store file. */
export class SafeStorageVault implements TokenVault {
  private memory: StoredCredentials | undefined;

  private constructor(
    private readonly deps: SafeStorageVaultDeps,
    readonly storage: TokenVault['storage'],
  ) {}

  /** Call after the app is ready (before that, safeStorage cannot tell what it has). */
  static async open(deps: SafeStorageVaultDeps): Promise<SafeStorageVault> {
    const storage = await tokenStorageLevel(deps.safeStorage, deps.platform);
    if (storage === 'weak') {
      deps.logger.log('warn', 'no keyring found (safeStorage backend basic_text): the login token is stored obfuscated, not encrypted');
    } else if (storage === 'memory') {
      // The stored ciphertext stays: the keyring may be back at the next start.
      deps.logger.log('warn', 'safeStorage encryption is not available: the login token is kept in memory only');
    }
    return new SafeStorageVault(deps, storage);
  }

  async load(): Promise<StoredCredentials | undefined> {
    if (this.storage === 'memory') return this.memory;
    const stored = this.deps.store.get('session');
    if (stored === undefined) return undefined;
    try {
      const { result, shouldReEncrypt } = await this.deps.safeStorage.decryptStringAsync(Buffer.from(stored.ciphertext, 'base64'));
      const credentials = parseCredentials(result);
      if (!credentials) throw new Error('the stored session is not a token');
      if (shouldReEncrypt) await this.save(credentials);
      return credentials;
    } catch (err) {
      // A new keyring or OS user cannot read the old ciphertext: forget it, the user logs in again.
      this.deps.logger.log('warn', 'the stored login could not be decrypted; it was forgotten', { error: errorMessage(err) });
      this.deps.store.delete('session');
      return undefined;
    }
  }

  async save(credentials: StoredCredentials): Promise<void> {
    if (this.storage === 'memory') {
      this.memory = credentials;
      return;
    }
    const encrypted = await this.deps.safeStorage.encryptStringAsync(JSON.stringify({
      token: credentials.token,
      email: credentials.email,
    }));
    this.deps.store.set('session', { scheme: 'safeStorage', ciphertext: encrypted.toString('base64') });
  }

  async clear(): Promise<void> {
    this.memory = undefined;
    this.deps.store.delete('session');
  }
}
