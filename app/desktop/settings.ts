import type { Settings, SettingsPatch, Theme } from '../bridge/contract.js';
import { isLanguageSetting } from '../i18n/index.js';

export const DEFAULT_SETTINGS: Settings = {
  quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true },
  coalesce: { enabled: true, windowMs: 10_000, threshold: 3 },
  autoStart: false,
  theme: 'system',
  language: 'system',
  pausedUntil: null,
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export class SettingsError extends Error {}

/** Applies a patch from the window (untrusted) to the settings; throws SettingsError on bad values. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const q = { ...current.quietHours, ...patch.quietHours };
  if (!TIME.test(q.start) || !TIME.test(q.end)) throw new SettingsError('quiet hours take times like "22:00"');
  const c = { ...current.coalesce, ...patch.coalesce };
  if (!Number.isInteger(c.windowMs) || c.windowMs < 1000 || c.windowMs > 600_000) throw new SettingsError('the coalescing window must be between 1 and 600 seconds');
  if (!Number.isInteger(c.threshold) || c.threshold < 1 || c.threshold > 1000) throw new SettingsError('the coalescing threshold must be between 1 and 1000');
  const theme = patch.theme ?? current.theme;
  if (!THEMES.includes(theme)) throw new SettingsError('theme must be system, light or dark');
  const language = patch.language ?? current.language;
  if (!isLanguageSetting(language)) throw new SettingsError('language must be system, en or zh-CN');
  const pausedUntil = patch.pausedUntil === undefined ? current.pausedUntil : patch.pausedUntil;
  if (pausedUntil !== null && Number.isNaN(Date.parse(pausedUntil))) throw new SettingsError('pausedUntil must be a date');
  return {
    quietHours: { enabled: Boolean(q.enabled), start: q.start, end: q.end, allowUrgent: Boolean(q.allowUrgent) },
    coalesce: { enabled: Boolean(c.enabled), windowMs: c.windowMs, threshold: c.threshold },
    autoStart: patch.autoStart ?? current.autoStart,
    theme,
    language,
    pausedUntil,
  };
}

/** Settings read back from disk may be from an older version or hand-edited: repair, never crash. */
export function settingsFromStored(value: unknown): Settings {
  if (typeof value !== 'object' || value === null) return DEFAULT_SETTINGS;
  try {
    return applySettingsPatch(DEFAULT_SETTINGS, value as SettingsPatch);
  } catch {
    return DEFAULT_SETTINGS;
  }
}
