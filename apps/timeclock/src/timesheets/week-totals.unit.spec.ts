import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { localDateOf, weekStartOf, weekTotals, type TimesheetRules, type WorkedShift } from './week-totals';

/** The worked examples of docs/timeclock.md: the table people read is the table the test checks. */
function workedExamples() {
  const doc = readFileSync(join(__dirname, '../../../../docs/timeclock.md'), 'utf8');
  const rows = doc.split('\n').filter((line) => /^\| \d+ \|/.test(line));
  return rows.map((line) => {
    const c = line.split('|').slice(1, -1).map((cell) => cell.trim());
    return {
      id: c[0],
      name: c[1],
      rules: {
        timeZone: c[2],
        weekStartsOn: Number(c[3]),
        dailyOvertimeMinutes: c[4] === '-' ? null : Number(c[4]),
        weeklyOvertimeMinutes: 2400,
        rounding: Number(c[5]) as TimesheetRules['rounding'],
      },
      shifts: c[6],
      week: c[7],
      day: c[8],
      exact: { workedMinutes: Number(c[9]), paidBreakMinutes: Number(c[10]), unpaidBreakMinutes: Number(c[11]), regularMinutes: Number(c[12]), overtimeMinutes: Number(c[13]) },
      rounded: { workedMinutes: Number(c[14]), regularMinutes: Number(c[15]), overtimeMinutes: Number(c[16]) },
    };
  });
}

/** `2026-11-24 07:00 → 2026-11-24 18:00 [12:00 60 unpaid]` in a zone, as instants. */
function shiftsOf(cell: string, zone: string): WorkedShift[] {
  const at = (local: string) => DateTime.fromFormat(local, local.length > 16 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm', { zone }).toUTC().toISO()!;
  return cell.split('; ').map((text) => {
    const m = /^(\S+ \S+) → (\S+ \S+)(?: \[(\S+) (\d+) (paid|unpaid)\])?$/.exec(text);
    if (!m) throw new Error(`unreadable shift "${text}"`);
    const startedAt = at(m[1]);
    const breaks = m[3] ? [{ startedAt: at(`${m[1].slice(0, 10)} ${m[3]}`), endedAt: '', paid: m[5] === 'paid' }] : [];
    for (const b of breaks) b.endedAt = new Date(Date.parse(b.startedAt) + Number(m[4]) * 60_000).toISOString();
    return { startedAt, endedAt: at(m[2]), breaks };
  });
}

describe('weekly totals: the worked examples of docs/timeclock.md', () => {
  const examples = workedExamples();

  it('should hold at least the cases the issue names', () => {
    expect(examples.length).toBeGreaterThanOrEqual(16);
    const zones = new Set(examples.map((e) => e.rules.timeZone));
    expect(zones).toEqual(new Set(['Europe/Berlin', 'America/Los_Angeles']));
  });

  it.each(examples.map((e) => [`${e.id}: ${e.name}`, e] as const))('%s', (_name, example) => {
    const shifts = shiftsOf(example.shifts, example.rules.timeZone);
    const firstDay = localDateOf(shifts[0].startedAt, example.rules.timeZone);
    expect(firstDay).toBe(example.day);
    expect(weekStartOf(firstDay, example.rules.weekStartsOn)).toBe(example.week);
    const totals = weekTotals(shifts, example.rules, example.week);
    expect(totals.exact).toEqual(example.exact);
    expect(totals.rounded).toMatchObject(example.rounded);
    expect(totals.days.reduce((sum, d) => sum + d.workedMinutes, 0)).toBeCloseTo(example.exact.workedMinutes, 6);
  });

  it('should leave out shifts of other weeks and count open ones apart', () => {
    const rules: TimesheetRules = { timeZone: 'Europe/Berlin', weekStartsOn: 1, dailyOvertimeMinutes: null, weeklyOvertimeMinutes: 2400, rounding: 0 };
    const shifts = [
      ...shiftsOf('2026-11-22 22:00 → 2026-11-23 06:00', 'Europe/Berlin'),
      ...shiftsOf('2026-11-24 08:00 → 2026-11-24 09:00', 'Europe/Berlin'),
      { startedAt: '2026-11-25T07:00:00.000Z', endedAt: null, breaks: [] },
    ];
    const totals = weekTotals(shifts, rules, '2026-11-23');
    expect(totals.exact.workedMinutes).toBe(60);
    expect(totals.openShifts).toBe(1);
    expect(totals.days.map((d) => d.date)).toEqual(['2026-11-24']);
  });
});
