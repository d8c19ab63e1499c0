import { AppError } from '@uehub/errors';
import { DateTime } from 'luxon';
import { RRule, type Options } from 'rrule';
import { checkRrule } from './rrule-grammar';

/**
 * Occurrences of a schedule's rule. Time zones: rrule.js's own TZID support converts through
 * the process's local zone, so the rule is evaluated here in "floating" time (wall-clock
 * fields coded as UTC, no TZID given to the library) and every occurrence's wall clock is
 * turned into an instant in the schedule's zone with luxon: "08:00 Europe/Berlin" stays 08:00
 * local across daylight-saving changes (a wall time that does not exist moves forward).
 */
export interface Recurrence {
  rrule: string;
  /** DTSTART as a local date-time in `timeZone` (`yyyy-MM-ddTHH:mm:ss`). */
  startsAt: string;
  timeZone: string;
  windowMinutes: number | null;
}

/** One occurrence: due from `startsAt` until `endsAt` (instants, ISO). */
export interface Occurrence {
  startsAt: string;
  endsAt: string;
}

const WALL = "yyyy-MM-dd'T'HH:mm:ss";
const MINUTE = 60_000;
const UNIT_MS: Partial<Record<number, number>> = { [RRule.MINUTELY]: MINUTE, [RRule.HOURLY]: 60 * MINUTE, [RRule.DAILY]: 1440 * MINUTE, [RRule.WEEKLY]: 7 * 1440 * MINUTE };
/** Room around a window for daylight-saving shifts (at most two hours anywhere) when it is read as wall clock. */
const ZONE_MARGIN_MS = 3 * 60 * MINUTE;

/** The wall clock in `timeZone` of an ISO date-time (with an offset: that instant; without: already the wall clock). */
export function wallClockOf(isoDateTime: string, timeZone: string): string {
  const parsed = DateTime.fromISO(isoDateTime, { zone: timeZone });
  if (!parsed.isValid) throw new AppError('VALIDATION_FAILED', 'startsAt is not a real date-time', [{ path: 'startsAt', message: parsed.invalidExplanation ?? 'not valid' }]);
  return parsed.toFormat(WALL);
}

const floatingOf = (wall: string): Date => new Date(`${wall}Z`);
const wallOfInstant = (instant: Date, zone: string): Date => floatingOf(DateTime.fromJSDate(instant, { zone }).toFormat(WALL));

function instantOf(floating: Date, zone: string): Date {
  const wall = { year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate(), hour: floating.getUTCHours(), minute: floating.getUTCMinutes(), second: floating.getUTCSeconds() };
  return DateTime.fromObject(wall, { zone }).toJSDate();
}

/** The rule's options after the grammar check (422 INVALID_RECURRENCE when it fails). */
export function ruleOptions(recurrence: Pick<Recurrence, 'rrule' | 'startsAt'>): Partial<Options> {
  const options = RRule.parseString(checkRrule(recurrence.rrule));
  return { ...options, dtstart: floatingOf(recurrence.startsAt) };
}

/** Checks that a schedule's rule is accepted and has an occurrence; returns the normalised rule. */
export function validateRecurrence(recurrence: Recurrence): string {
  const normalised = checkRrule(recurrence.rrule);
  const first = new RRule(ruleOptions(recurrence)).after(floatingOf(recurrence.startsAt), true);
  if (!first) throw new AppError('INVALID_RECURRENCE', 'The rule has no occurrence on or after startsAt (COUNT or UNTIL ends it first)', [{ path: 'rrule', message: 'no occurrence' }]);
  return normalised;
}

/**
 * The occurrences whose window overlaps [from, to), oldest first, at most `limit` (then
 * `truncated`). An occurrence lasts until the next one of the series starts (COUNT and
 * UNTIL aside), or `windowMinutes` when that is shorter.
 */
export function occurrencesOverlapping(recurrence: Recurrence, from: Date, to: Date, limit: number): { items: Occurrence[]; truncated: boolean } {
  const { count, until, ...unbounded } = ruleOptions(recurrence);
  const lastAllowed = count ? new RRule({ ...unbounded, count }).all().at(-1)! : (until ?? null);
  const zone = recurrence.timeZone;
  const fromFloating = new Date(wallOfInstant(from, zone).getTime() - ZONE_MARGIN_MS);
  const toFloating = new Date(wallOfInstant(to, zone).getTime() + ZONE_MARGIN_MS);
  const series = new RRule(nearStart(unbounded, fromFloating));
  // the last start before the window (it may still be due in it), the starts in it, and the one after (the last one's end)
  const starts: Date[] = [];
  const previous = series.before(fromFloating, true);
  if (previous) starts.push(previous);
  let inWindow = 0;
  series.between(fromFloating, toFloating, false, (date) => {
    starts.push(date);
    if (instantOf(date, zone) >= from) inWindow++;
    return inWindow <= limit;
  });
  const last = starts.at(-1);
  const next = last ? series.after(last) : series.after(fromFloating, true);
  if (next) starts.push(next);

  const items: Occurrence[] = [];
  for (let i = 0; i < starts.length; i++) {
    if (lastAllowed && starts[i] > lastAllowed) break;
    if (i + 1 === starts.length && recurrence.windowMinutes === null) break; // no end known
    const startsAt = instantOf(starts[i], zone);
    const windowEnd = recurrence.windowMinutes === null ? Infinity : startsAt.getTime() + recurrence.windowMinutes * MINUTE;
    const nextStart = i + 1 < starts.length ? instantOf(starts[i + 1], zone).getTime() : Infinity;
    const endsAt = new Date(Math.min(windowEnd, nextStart));
    if (endsAt <= from || startsAt >= to) continue;
    if (items.length === limit) return { items, truncated: true };
    items.push({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
  }
  return { items, truncated: false };
}

/**
 * rrule.js walks from DTSTART on every call: for rules of fixed-length periods (minutes to
 * weeks in floating time) DTSTART is moved forward by whole intervals to shortly before the
 * window, which yields the same occurrences there at a bounded cost.
 */
function nearStart(options: Partial<Options>, windowStart: Date): Partial<Options> {
  const unit = UNIT_MS[options.freq!];
  if (!unit) return options;
  const step = unit * (options.interval ?? 1);
  const dtstart = options.dtstart!;
  // eight periods back: the start before the window is found even when BYDAY skips six days
  const periods = Math.floor((windowStart.getTime() - 8 * step - dtstart.getTime()) / step);
  return periods > 0 ? { ...options, dtstart: new Date(dtstart.getTime() + periods * step) } : options;
}
