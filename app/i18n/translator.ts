/**
 * The i18n core, shared by the Electron main process and the window (the renderer may import
 * app/i18n/ like the bridge contract: it is shared UI text, no Node or Electron inside).
 *
 * A typed catalog of our own rather than a library: the window is plain DOM bundled by esbuild
 * and main is plain Node, the app has ~200 short messages in two languages, and Intl already
 * does plurals (PluralRules), numbers, relative times and dates per locale. What a library would
 * add (ICU parsing, loaders, namespaces) we don't need; what we do need, a compile error for a
 * missing key or a missing parameter, comes from the catalog types here.
 */
import type { Catalog, Message, MessageKey, ParamsArg, PluralForms } from './catalog-types.js';
import { en } from './en.js';
import type { Locale } from './locale.js';
import { zhCN } from './zh-CN.js';

export const CATALOGS: { readonly [L in Locale]: Catalog } = { en, 'zh-CN': zhCN };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Translator {
  readonly locale: Locale;
  /** The message for `key` in this locale, parameters filled in, plural form chosen by `count`. */
  readonly t: <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;
  /** A number with this locale's grouping ("12,345"). */
  readonly number: (n: number) => string;
  /** "just now", "5 minutes ago", "yesterday", then the date. */
  readonly relativeTime: (iso: string, now?: number) => string;
  /** The full local date and time. */
  readonly exactTime: (iso: string) => string;
  /** "09:12–09:40": a span of local clock times (a connection gap). */
  readonly timeSpan: (fromIso: string, toIso: string) => string;
  /** "14:30" today, "tomorrow 08:00", else the date and time (local). */
  readonly until: (until: Date, now: Date) => string;
  /** Joins short phrases the way this language does ("a; b" or "a；b"). */
  readonly join: (parts: readonly string[]) => string;
}

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function pluralForm(forms: PluralForms, rules: Intl.PluralRules, count: number): string {
  return forms[rules.select(count)] ?? forms.other;
}

export function createTranslator(locale: Locale): Translator {
  const catalog = CATALOGS[locale];
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const exact = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium' });
  const shortDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

  const t = <K extends MessageKey>(key: K, ...args: ParamsArg<K>): string => {
    const params: Readonly<Record<string, string | number>> = args[0] ?? {};
    const message: Message = catalog[key];
    const count = params.count;
    const text = typeof message === 'string' ? message : pluralForm(message, plurals, typeof count === 'number' ? count : 0);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };

  return {
    locale,
    t,
    number: (n) => numbers.format(n),
    relativeTime(iso, now = Date.now()) {
      const date = parse(iso);
      if (!date) return t('time.unknown');
      const ago = now - date.getTime();
      if (ago < 45_000 && ago > -MINUTE) return t('time.justNow');
      if (ago < HOUR) return relative.format(-Math.max(1, Math.round(ago / MINUTE)), 'minute');
      if (ago < DAY) return relative.format(-Math.round(ago / HOUR), 'hour');
      if (ago < 7 * DAY) return relative.format(-Math.round(ago / DAY), 'day');
      return shortDate.format(date);
    },
    exactTime(iso) {
      const date = parse(iso);
      return date ? exact.format(date) : iso;
    },
    timeSpan(fromIso, toIso) {
      const from = parse(fromIso);
      const to = parse(toIso);
      return from && to ? `${clock.format(from)}–${clock.format(to)}` : `${fromIso}–${toIso}`;
    },
    until(until, now) {
      const day = (d: Date): number => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
      const days = Math.round((day(until) - day(now)) / DAY);
      const time = clock.format(until);
      if (days === 0) return time;
      if (days === 1) return t('time.tomorrowAt', { time });
      return dateTime.format(until);
    },
    join: (parts) => parts.join(t('list.separator')),
  };
}

const cache = new Map<Locale, Translator>();

/** One translator per locale, made once. */
export function translatorFor(locale: Locale): Translator {
  let translator = cache.get(locale);
  if (!translator) {
    translator = createTranslator(locale);
    cache.set(locale, translator);
  }
  return translator;
}
