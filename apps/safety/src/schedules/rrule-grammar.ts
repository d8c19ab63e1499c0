import { AppError } from '@uehub/errors';

/**
 * The part of RFC 5545's RRULE this service accepts: rules that always recur. rrule.js walks
 * period by period until the year 9999 when a rule can never match (`FREQ=YEARLY;BYMONTH=2;
 * BYMONTHDAY=30`) and loops on a non-numeric INTERVAL, so a rule is checked here, part by
 * part, before the library sees it; whatever passes has an occurrence in every few periods.
 */
const DAY = '(MO|TU|WE|TH|FR|SA|SU)';
const FREQS = ['MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
const DAILY_OR_LONGER = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

type Parts = Map<string, string>;
type Check = (value: string, parts: Parts) => string | undefined;

const intList = (min: number, max: number, negativeToo = false) => (value: string) => {
  const ok = value.split(',').every((v) => /^[+-]?\d{1,3}$/.test(v) && within(Number(v), min, max, negativeToo));
  return ok ? undefined : `a list of ${negativeToo ? '±' : ''}${min}..${max}`;
};
const within = (n: number, min: number, max: number, negativeToo: boolean) => (n >= min && n <= max) || (negativeToo && n <= -min && n >= -max);
const freqIn = (allowed: readonly string[], what: string): Check => (_value, parts) => (allowed.includes(parts.get('FREQ')!) ? undefined : `${what} only with FREQ=${allowed.join('/')}`);
const all = (...checks: Check[]): Check => (value, parts) => checks.map((check) => check(value, parts)).find(Boolean);

const PART_RULES: Record<string, Check> = {
  FREQ: (value) => (FREQS.includes(value as (typeof FREQS)[number]) ? undefined : `one of ${FREQS.join(', ')}`),
  INTERVAL: intList(1, 1000),
  COUNT: all(intList(1, 1000), (_v, parts) => (parts.has('UNTIL') ? 'COUNT and UNTIL exclude each other' : undefined)),
  UNTIL: (value) => (/^\d{8}(T\d{6}Z?)?$/.test(value) && realDate(value) ? undefined : 'a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ)'),
  WKST: (value) => (new RegExp(`^${DAY}$`).test(value) ? undefined : 'a weekday (MO..SU)'),
  BYHOUR: all(intList(0, 23), freqIn([...DAILY_OR_LONGER], 'BYHOUR')),
  BYMINUTE: all(intList(0, 59), freqIn([...DAILY_OR_LONGER], 'BYMINUTE')),
  BYMONTH: all(intList(1, 12), freqIn(['YEARLY'], 'BYMONTH')),
  // days 1..28 (and their negatives) exist in every month
  BYMONTHDAY: all(intList(1, 28, true), freqIn(['MONTHLY', 'YEARLY'], 'BYMONTHDAY'), (_v, parts) => (parts.has('BYDAY') ? 'BYMONTHDAY and BYDAY exclude each other' : undefined)),
  BYDAY: all(freqIn([...DAILY_OR_LONGER], 'BYDAY'), byDay),
};

function byDay(value: string, parts: Parts): string | undefined {
  const freq = parts.get('FREQ');
  const days = value.split(',');
  // every month has at least four of each weekday: the 1st..4th and the last four always exist
  if (!days.every((d) => new RegExp(`^([+-]?[1-4])?${DAY}$`).test(d))) return 'a list of weekdays (MO..SU), in monthly rules with an ordinal 1..4 or -1..-4 (1MO, -1FR)';
  if (freq !== 'MONTHLY' && days.some((d) => /\d/.test(d))) return 'ordinal weekdays (1MO) only with FREQ=MONTHLY';
  if (freq === 'DAILY' && (parts.get('INTERVAL') ?? '1') !== '1') return 'BYDAY in a daily rule only with INTERVAL=1';
  return undefined;
}

function realDate(value: string): boolean {
  const [y, m, d] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1970 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function invalid(message: string): AppError {
  return new AppError('INVALID_RECURRENCE', `The recurrence rule is not accepted: ${message}`, [{ path: 'rrule', message }]);
}

/** Checks an RRULE value (an optional `RRULE:` prefix is dropped) and returns it normalised (upper case, no prefix); 422 INVALID_RECURRENCE otherwise. */
export function checkRrule(text: string): string {
  const value = text.trim().replace(/^RRULE:/i, '').toUpperCase().replace(/;$/, '');
  if (!/^[A-Z0-9=;,+-]+$/.test(value)) throw invalid('only KEY=VALUE parts separated by ";" (DTSTART and TZID are the fields startsAt and timeZone)');
  const parts: Parts = new Map();
  for (const part of value.split(';')) {
    const match = /^([A-Z]+)=([A-Z0-9,+-]+)$/.exec(part);
    if (!match) throw invalid(`"${part}" is not KEY=VALUE`);
    const [, key, partValue] = match;
    if (!Object.hasOwn(PART_RULES, key)) throw invalid(`${key} is not supported (supported: ${Object.keys(PART_RULES).join(', ')})`);
    if (parts.has(key)) throw invalid(`${key} is given twice`);
    parts.set(key, partValue);
  }
  if (!parts.has('FREQ')) throw invalid('FREQ is required');
  for (const [key, partValue] of parts) {
    const problem = PART_RULES[key](partValue, parts);
    if (problem) throw invalid(`${key}: ${problem}`);
  }
  return value;
}
