import type { QuietHours, Settings } from '../bridge/contract.js';

/** Why OS notifications are silenced right now, and until when. */
export type Silence = { readonly kind: 'paused'; readonly until: Date } | { readonly kind: 'quiet-hours'; readonly until: Date };

export type PauseChoice = '1h' | 'tomorrow' | 'off';

/** "Until tomorrow" ends at this local hour of the next day (midnight would wake a late worker at once). */
export const PAUSE_UNTIL_TOMORROW_HOUR = 8;

/** The `pausedUntil` setting for a choice in the tray menu. */
export function pausedUntilFor(choice: PauseChoice, now: Date): string | null {
  if (choice === 'off') return null;
  if (choice === '1h') return new Date(now.getTime() + 60 * 60 * 1000).toISOString();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, PAUSE_UNTIL_TOMORROW_HOUR, 0, 0, 0).toISOString();
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Local wall-clock time `minutes` after midnight, `dayOffset` days after `now`'s date. */
function at(now: Date, dayOffset: number, minutes: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + dayOffset, Math.floor(minutes / 60), minutes % 60, 0, 0);
}

/**
 * Whether `now` (local time) falls in the quiet hours, and when that period ends. A start after
 * the end spans midnight (22:00–07:00); a start equal to the end means the whole day.
 */
export function quietPeriodAt(quiet: QuietHours, now: Date): { readonly until: Date } | null {
  if (!quiet.enabled) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const m = now.getHours() * 60 + now.getMinutes();
  if (start === end) return { until: at(now, 1, end) };
  if (start < end) return m >= start && m < end ? { until: at(now, 0, end) } : null;
  if (m >= start) return { until: at(now, 1, end) };
  if (m < end) return { until: at(now, 0, end) };
  return null;
}

/** Pausing wins over quiet hours (it is the user's latest explicit choice). */
export function silenceAt(settings: Settings, now: Date): Silence | null {
  if (settings.pausedUntil !== null) {
    const until = new Date(settings.pausedUntil);
    if (until.getTime() > now.getTime()) return { kind: 'paused', until };
  }
  const quiet = quietPeriodAt(settings.quietHours, now);
  return quiet ? { kind: 'quiet-hours', until: quiet.until } : null;
}

/** The next moment `silenceAt` may answer differently (a pause or quiet period starts or ends). */
export function nextSilenceChange(settings: Settings, now: Date): Date | null {
  const t = now.getTime();
  const candidates: number[] = [];
  if (settings.pausedUntil !== null) candidates.push(Date.parse(settings.pausedUntil));
  if (settings.quietHours.enabled) {
    for (const hhmm of [settings.quietHours.start, settings.quietHours.end]) {
      const minutes = minutesOf(hhmm);
      candidates.push(at(now, 0, minutes).getTime(), at(now, 1, minutes).getTime());
    }
  }
  const next = candidates.filter((c) => Number.isFinite(c) && c > t).sort((a, b) => a - b)[0];
  return next === undefined ? null : new Date(next);
}
