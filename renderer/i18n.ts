import type { AppState, ChannelView } from '../app/bridge/contract.js';
import { channelDisplayName, resolveLocale, translatorFor } from '../app/i18n/index.js';
import type { Locale, MessageKey, ParamsArg, Translator } from '../app/i18n/index.js';

/** The window's language now; the shell rebuilds the views when it changes (see index.ts). */
let current: Translator = translatorFor('en');

export function tr(): Translator {
  return current;
}

/** `t('key', {...})` in the window's language. */
export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return current.t(key, ...params);
}

/** The setting's language; `system` = what the host says (Electron), else the browser's languages. */
export function localeOf(state: AppState): Locale {
  const setting = state.settings.language;
  if (setting !== 'system') return setting;
  return resolveLocale(state.systemLanguages ?? navigator.languages);
}

export function useLocale(locale: Locale): void {
  current = translatorFor(locale);
  document.documentElement.lang = locale;
}

/** The name staff read for a channel: its profile label, else a built-in name (see channelDisplayName). */
export function channelName(channel: string, channels: readonly ChannelView[]): string {
  return channelDisplayName(channel, channels.find((c) => c.channel === channel)?.label, current);
}
