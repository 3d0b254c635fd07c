const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "just now", "5 minutes ago", "yesterday", then the date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const date = parse(iso);
  if (!date) return 'unknown time';
  const ago = now - date.getTime();
  if (ago < 45_000 && ago > -MINUTE) return 'just now';
  if (ago < HOUR) return relative.format(-Math.max(1, Math.round(ago / MINUTE)), 'minute');
  if (ago < DAY) return relative.format(-Math.round(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return relative.format(-Math.round(ago / DAY), 'day');
  return shortDate.format(date);
}

/** The full local date and time, for hover and the detail panel. */
export function exactTime(iso: string): string {
  const date = parse(iso);
  return date ? exact.format(date) : iso;
}

/** "09:12–09:40": a time span in the user's local time (a connection gap). */
export function timeSpan(fromIso: string, toIso: string): string {
  const from = parse(fromIso);
  const to = parse(toIso);
  return from && to ? `${clockTime.format(from)}–${clockTime.format(to)}` : `${fromIso}–${toIso}`;
}
