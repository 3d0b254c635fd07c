/**
 * Messages in the staff's language. Shared UI text: main/, app/ and the renderer all import this
 * folder (like app/bridge/contract.ts); nothing here touches Node, Electron or the DOM.
 */
export type { Catalog, MessageKey, Params, ParamsArg, PluralForms } from './catalog-types.js';
export { channelDisplayName, type ChannelLabel } from './channel-label.js';
export {
  DEFAULT_LOCALE,
  isLanguageSetting,
  LANGUAGE_NAMES,
  LANGUAGE_SETTINGS,
  localeFor,
  LOCALES,
  resolveLocale,
  type LanguageSetting,
  type Locale,
} from './locale.js';
export { CATALOGS, createTranslator, translatorFor, type Translator } from './translator.js';
