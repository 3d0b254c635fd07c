/** The languages Echo Tray speaks. Add one here, then a catalog in catalogs.ts. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The language setting: follow the system, or one of the locales. */
export const LANGUAGE_SETTINGS = ['system', ...LOCALES] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/**
 * The first supported locale in a preference list (BCP 47 tags, best first, as from Electron's
 * app.getPreferredSystemLanguages() or navigator.languages). Every Chinese tag maps to zh-CN: a
 * reader of Traditional Chinese reads Simplified far more easily than English.
 */
export function resolveLocale(preferences: readonly string[]): Locale {
  for (const tag of preferences) {
    const lower = tag.trim().toLowerCase().replace(/_/g, '-');
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** The locale for a language setting; `system` = the system's preferred languages. */
export function localeFor(setting: LanguageSetting, systemLanguages: readonly string[]): Locale {
  return setting === 'system' ? resolveLocale(systemLanguages) : setting;
}

export function isLanguageSetting(value: unknown): value is LanguageSetting {
  return typeof value === 'string' && (LANGUAGE_SETTINGS as readonly string[]).includes(value);
}

/** Each language by its own name, the same in every catalog (so a lost user finds theirs). */
export const LANGUAGE_NAMES: { readonly [L in Locale]: string } = { en: 'English', 'zh-CN': '简体中文' };
