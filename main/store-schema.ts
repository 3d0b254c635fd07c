import type { Schema } from 'electron-store';
import * as z from 'zod';
import { StoreFileSchema } from '../app/schema/settings-schema.js';

/** The electron-store file (`<userData>/echo-tray.json`). */
export type StoreShape = z.output<typeof StoreFileSchema>;
export type StoredSession = NonNullable<StoreShape['session']>;

export const STORE_NAME = 'echo-tray';

/** What main/ needs of electron-store (and of its base class `conf`, which the tests use). */
export interface KeyValueStore<T> {
  readonly path: string;
  get<K extends keyof T>(key: K): T[K];
  set<K extends keyof T>(key: K, value: Exclude<T[K], undefined>): void;
  delete<K extends keyof T>(key: K): void;
}

/**
 * electron-store validates every write and the file on load against this (JSON Schema 2020-12).
 * Generated from the zod schema the IPC check and the settings logic use, never written by hand.
 */
// zod's and electron-store's JSON Schema types describe the same JSON and differ only in how TypeScript spells them.
export const STORE_SCHEMA = z.toJSONSchema(StoreFileSchema, { target: 'draft-2020-12', io: 'output' }).properties as Schema<StoreShape>;
