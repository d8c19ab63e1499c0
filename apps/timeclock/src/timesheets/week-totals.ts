import type { BreakView, TimeclockSettings } from '@uehub/contracts';
import { DateTime } from 'luxon';

/** The organisation's timesheet rules (its settings). */
export type TimesheetRules = TimeclockSettings;

export const DEFAULT_RULES: TimesheetRules = { timeZone: 'UTC', weekStartsOn: 1, dailyOvertimeMinutes: null, weeklyOvertimeMinutes: 2400, rounding: 0 };

export interface WorkedShift {
  startedAt: string;
  endedAt: string | null;
  breaks: Pick<BreakView, 'startedAt' | 'endedAt' | 'paid'>[];
}

export interface Totals {
  workedMinutes: number;
  paidBreakMinutes: number;
  unpaidBreakMinutes: number;
  regularMinutes: number;
  overtimeMinutes: number;
}

export interface DayTotals {
  date: string;
  workedMinutes: number;
  paidBreakMinutes: number;
  unpaidBreakMinutes: number;
  dailyOvertimeMinutes: number;
}

export interface WeekTotals {
  week: string;
  timeZone: string;
  days: DayTotals[];
  /** Exact minutes (real elapsed time, to the second). */
  exact: Totals;
  /** The same rules over each shift's worked minutes rounded to the increment: shown beside, never instead. */
  rounded: Totals;
  rounding: number;
  /** Shifts started in the week that are still open: not counted until they end. */
  openShifts: number;
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** The local date (yyyy-MM-dd) an instant falls on in the zone. */
export function localDateOf(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toISODate()!;
}

/** The first day of the workweek that contains a local date. */
export function weekStartOf(date: string, weekStartsOn: number): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  const back = (day.weekday - weekStartsOn + 7) % 7;
  return day.minus({ days: back }).toISODate()!;
}

/** The instants a workweek spans in the zone: [from, to), seven local days (23, 24 or 25 h each). */
export function weekSpan(week: string, timeZone: string): { from: string; to: string } {
  const start = DateTime.fromISO(week, { zone: timeZone }).startOf('day');
  return { from: start.toUTC().toISO()!, to: start.plus({ days: 7 }).toUTC().toISO()! };
}

/** A shift's exact minutes: real elapsed time, paid breaks count as worked, unpaid ones do not. */
export function shiftMinutes(shift: WorkedShift): { worked: number; paidBreak: number; unpaidBreak: number } {
  const elapsed = minutesBetween(shift.startedAt, shift.endedAt!);
  let paidBreak = 0;
  let unpaidBreak = 0;
  for (const b of shift.breaks) {
    const length = minutesBetween(b.startedAt, b.endedAt ?? shift.endedAt!);
    if (b.paid) paidBreak += length;
    else unpaidBreak += length;
  }
  return { worked: elapsed - unpaidBreak, paidBreak, unpaidBreak };
}

const roundTo = (minutes: number, increment: number) => (increment > 0 ? Math.round(minutes / increment) * increment : minutes);
/** Minutes to the second, free of floating-point dust. */
const tidy = (minutes: number) => Math.round(minutes * 60) / 60;

/**
 * A user's workweek: each shift belongs to the local day (and so the week) it started in;
 * daily overtime first, then regular minutes beyond the weekly threshold are overtime too.
 */
export function weekTotals(shifts: WorkedShift[], rules: TimesheetRules, week: string): WeekTotals {
  const closed = shifts.filter((s) => s.endedAt !== null && weekStartOf(localDateOf(s.startedAt, rules.timeZone), rules.weekStartsOn) === week);
  const openShifts = shifts.filter((s) => s.endedAt === null).length;
  const byDay = new Map<string, { exact: number; rounded: number; paid: number; unpaid: number }>();
  for (const shift of closed) {
    const date = localDateOf(shift.startedAt, rules.timeZone);
    const m = shiftMinutes(shift);
    const day = byDay.get(date) ?? { exact: 0, rounded: 0, paid: 0, unpaid: 0 };
    day.exact += m.worked;
    day.rounded += roundTo(m.worked, rules.rounding);
    day.paid += m.paidBreak;
    day.unpaid += m.unpaidBreak;
    byDay.set(date, day);
  }
  const dates = [...byDay.keys()].sort();
  const split = (pick: 'exact' | 'rounded'): Totals => {
    let worked = 0;
    let dailyOvertime = 0;
    let paid = 0;
    let unpaid = 0;
    for (const date of dates) {
      const day = byDay.get(date)!;
      worked += day[pick];
      paid += day.paid;
      unpaid += day.unpaid;
      if (rules.dailyOvertimeMinutes !== null) dailyOvertime += Math.max(0, day[pick] - rules.dailyOvertimeMinutes);
    }
    const regularBeforeWeekly = worked - dailyOvertime;
    const weeklyOvertime = Math.max(0, regularBeforeWeekly - rules.weeklyOvertimeMinutes);
    return {
      workedMinutes: tidy(worked),
      paidBreakMinutes: tidy(paid),
      unpaidBreakMinutes: tidy(unpaid),
      regularMinutes: tidy(regularBeforeWeekly - weeklyOvertime),
      overtimeMinutes: tidy(dailyOvertime + weeklyOvertime),
    };
  };
  return {
    week,
    timeZone: rules.timeZone,
    days: dates.map((date) => {
      const day = byDay.get(date)!;
      const dailyOvertime = rules.dailyOvertimeMinutes === null ? 0 : Math.max(0, day.exact - rules.dailyOvertimeMinutes);
      return { date, workedMinutes: tidy(day.exact), paidBreakMinutes: tidy(day.paid), unpaidBreakMinutes: tidy(day.unpaid), dailyOvertimeMinutes: tidy(dailyOvertime) };
    }),
    exact: split('exact'),
    rounded: split('rounded'),
    rounding: rules.rounding,
    openShifts,
  };
}
