import type { Schema } from 'electron-store';
import type { Settings } from '../app/bridge/contract.js';
import { LANGUAGE_SETTINGS } from '../app/i18n/index.js';

/** The token, encrypted by safeStorage, base64: the store file never holds it in plain text. */
export interface StoredSession {
  readonly scheme: 'safeStorage';
  readonly ciphertext: string;
}

/** The electron-store file (`<userData>/echo-tray.json`). */
export interface StoreShape {
  settings?: Settings;
  addedChannels?: string[];
  mutedChannels?: string[];
  session?: StoredSession;
}

export const STORE_NAME = 'echo-tray';

/** What main/ needs of electron-store (and of its base class `conf`, which the tests use). */
export interface KeyValueStore<T> {
  readonly path: string;
  get<K extends keyof T>(key: K): T[K];
  set<K extends keyof T>(key: K, value: Exclude<T[K], undefined>): void;
  delete<K extends keyof T>(key: K): void;
}

const TIME = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;
const CHANNELS = { type: 'array', maxItems: 500, items: { type: 'string', minLength: 1, maxLength: 300 } } as const;

/** electron-store validates every write and the file on load against this (JSON Schema 2020-12). */
export const STORE_SCHEMA: Schema<StoreShape> = {
  settings: {
    type: 'object',
    additionalProperties: false,
    properties: {
      quietHours: {
        type: 'object',
        additionalProperties: false,
        properties: { enabled: { type: 'boolean' }, start: TIME, end: TIME, allowUrgent: { type: 'boolean' } },
      },
      coalesce: {
        type: 'object',
        additionalProperties: false,
        properties: {
          enabled: { type: 'boolean' },
          windowMs: { type: 'integer', minimum: 1000, maximum: 600_000 },
          threshold: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
      autoStart: { type: 'boolean' },
      theme: { enum: ['system', 'light', 'dark'] },
      language: { enum: [...LANGUAGE_SETTINGS] },
      pausedUntil: { type: ['string', 'null'], maxLength: 40 },
    },
  },
  addedChannels: CHANNELS,
  mutedChannels: CHANNELS,
  session: {
    type: 'object',
    additionalProperties: false,
    required: ['scheme', 'ciphertext'],
    properties: {
      scheme: { const: 'safeStorage' },
      // base64 only: a plain-text token (a JWT has dots) cannot even be written here.
      ciphertext: { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 65_536 },
    },
  },
};
