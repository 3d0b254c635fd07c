import { SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from '../schema/settings-schema.js';

export const DEFAULT_SETTINGS: Settings = {
  quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true },
  coalesce: { enabled: true, windowMs: 10_000, threshold: 3 },
  autoStart: false,
  theme: 'system',
  language: 'system',
  pausedUntil: null,
};

export class SettingsError extends Error {}

/** Applies a patch from the window (untrusted) to the settings; throws SettingsError on bad values. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged = {
    quietHours: { ...current.quietHours, ...patch.quietHours },
    coalesce: { ...current.coalesce, ...patch.coalesce },
    autoStart: patch.autoStart ?? current.autoStart,
    theme: patch.theme ?? current.theme,
    language: patch.language ?? current.language,
    pausedUntil: patch.pausedUntil === undefined ? current.pausedUntil : patch.pausedUntil,
  };
  const parsed = SettingsSchema.safeParse(merged);
  if (!parsed.success) throw new SettingsError(parsed.error.issues[0]?.message ?? 'invalid settings');
  return parsed.data;
}

/** Settings read back from disk may be from an older version or hand-edited: repair, never crash. */
export function settingsFromStored(value: unknown): Settings {
  const stored = SettingsPatchSchema.safeParse(value);
  if (!stored.success) return DEFAULT_SETTINGS;
  try {
    return applySettingsPatch(DEFAULT_SETTINGS, stored.data);
  } catch {
    return DEFAULT_SETTINGS;
  }
}
