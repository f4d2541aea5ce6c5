import { isRepresentableTime } from '../../mixpanel/time';
import { Translate } from '../../shared/l10n';

/**
 * Formatting of numbers, sizes, durations and times for people. Every formatter is total: numbers
 * come from the API, and a value no one can read (NaN, Infinity, a date past the year 275760) is
 * shown as {@link UNKNOWN} instead of throwing.
 */

/** What a formatter shows for a value it cannot show. */
export const UNKNOWN = '—';

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/**
 * Intl formatters are slow to build (a tree of a few rows built them by the dozen, 30 ms and more
 * before the first rows could show) and cheap to use: each one is built once per locale and options.
 */
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, locale: string | undefined, options: object, build: () => T): T {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

export function formatCount(value: number, locale?: string): string {
  if (!Number.isFinite(value)) {
    return UNKNOWN;
  }
  return numberFormat(locale).format(value);
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in binary units, one decimal from KB on: 1610 → "1.6 KB". */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes)) {
    return UNKNOWN;
  }
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${numberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${SIZE_UNITS[unit]}`;
}

/** "45 s", "12 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number, t: Translate): string {
  if (!Number.isFinite(ms)) {
    return UNKNOWN;
  }
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return t('{0} s', seconds);
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return t('{0} min', minutes);
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest === 0 ? t('{0} h', hours) : t('{0} h {1} min', hours, rest);
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? t('{0} d', days) : t('{0} d {1} h', days, rest);
}

/** "just now", "5 min ago", "2 h ago", "3 d ago". */
export function formatAge(then: number, now: number, t: Translate): string {
  if (!Number.isFinite(then) || !Number.isFinite(now)) {
    return UNKNOWN;
  }
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) {
    return t('just now');
  }
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) {
    return t('{0} min ago', minutes);
  }
  const hours = Math.round(minutes / 60);
  if (hours < 24) {
    return t('{0} h ago', hours);
  }
  const days = Math.round(hours / 24);
  if (days < 45) {
    return t('{0} d ago', days);
  }
  if (days < 548) {
    return t('{0} mo ago', Math.round(days / 30.44));
  }
  return t('{0} y ago', Math.round(days / 365.25));
}

export interface TimeFormatOptions {
  readonly locale?: string;
  /** IANA zone; the machine's when absent. */
  readonly timeZone?: string;
}

/** A date and time in the user's locale and time zone. */
export function formatLocalDateTime(epochMs: number, options: TimeFormatOptions = {}): string {
  if (!isRepresentableTime(epochMs)) {
    return UNKNOWN;
  }
  return dateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone }).format(new Date(epochMs));
}

/** The time of day when `epochMs` is today, else the date and time: for "last updated 14:05". */
export function formatRecentTime(epochMs: number, now: number, options: TimeFormatOptions = {}): string {
  if (!isRepresentableTime(epochMs) || !isRepresentableTime(now)) {
    return isRepresentableTime(epochMs) ? formatLocalDateTime(epochMs, options) : UNKNOWN;
  }
  const day = dateTimeFormat('en-CA', { timeZone: options.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  if (day.format(new Date(epochMs)) !== day.format(new Date(now))) {
    return formatLocalDateTime(epochMs, options);
  }
  return dateTimeFormat(options.locale, { timeStyle: 'short', timeZone: options.timeZone }).format(new Date(epochMs));
}

/**
 * A whole percentage as the translation writes it: "25%", "25 %" or "%25". Not through Intl: the
 * first Intl formatter the extension host builds costs it some 20 ms, which the first rows (a
 * running import says "running 25%") would wait for.
 */
export function formatPercent(fraction: number, t: Translate): string {
  const percent = Math.round(fraction * 100);
  return Number.isFinite(percent) ? t('{0}%', percent) : UNKNOWN;
}

/** Escapes text from the API for Markdown tooltips, where it must show as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$]/g, (character) => `\\${character}`).replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

export function firstLine(text: string): string {
  return text.split(/\r\n|[\r\n\u2028\u2029]/, 1)[0].trim();
}

/** One line of at most `max` characters, cut with an ellipsis: for summaries of longer text. */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, Math.max(0, max - 1)).trimEnd()}…` : line;
}

/** How long API text may be where VS Code shows a summary; the run panel keeps the whole text. */
export const TextLimit = {
  notification: 300,
  pickLabel: 120,
  pickDetail: 200,
  accessibility: 250,
  row: 160,
} as const;

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * API text made inert for the places where VS Code turns syntax into something live: notification
 * and error messages render `[text](command:…)` as a link, quick picks render `$(icon)`. A
 * zero-width space between the brackets and the parenthesis breaks both without changing what a
 * person reads. Also one line, cut to `max`.
 */
export function inertText(text: string, max: number = TextLimit.notification): string {
  return truncate(text.replace(/\]\s*\(/g, `]${ZERO_WIDTH_SPACE}(`).replace(/\$\(/g, `$${ZERO_WIDTH_SPACE}(`), max);
}
