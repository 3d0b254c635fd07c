import type { EnglishCatalog } from './en.js';

/** Plural forms as Intl.PluralRules names them; `other` is always there (Chinese uses only it). */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | PluralForms;
export type MessageKey = keyof EnglishCatalog;

/**
 * What every other language's catalog must satisfy: exactly the English keys (a missing or extra
 * key fails to compile), a plain text where English has one and plural forms where English has them.
 */
export type Catalog = { readonly [K in MessageKey]: EnglishCatalog[K] extends string ? string : PluralForms };

type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The parameters of a message, read from its English text: `{count}` of a plural is a number. */
export type ParamsOf<K extends MessageKey> = EnglishCatalog[K] extends string
  ? Placeholders<EnglishCatalog[K]>
  : Placeholders<EnglishCatalog[K][keyof EnglishCatalog[K]]> | 'count';

export type Params<K extends MessageKey> = { readonly [P in ParamsOf<K>]: P extends 'count' ? number : string | number };

/** `t('key')` for a message without parameters, `t('key', { … })` otherwise. */
export type ParamsArg<K extends MessageKey> = [ParamsOf<K>] extends [never] ? [] : [params: Params<K>];
