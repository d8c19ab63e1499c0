import type { EntityManager } from '@mikro-orm/postgresql';
import type { HoursReportQuery, HoursReportRow } from '@uehub/contracts';
import { LIVE_SHIFTS, shiftViewOf, type ShiftColumns } from '../shifts/shift-projector';
import { loadSettings } from './settings.decide';
import { shiftMinutes } from './week-totals';
import { DateTime } from 'luxon';

const tidy = (minutes: number) => Math.round(minutes * 60) / 60;

/**
 * Worked time of closed shifts that started on the local days from..to (organisation time
 * zone), per user or per department (the replica's), with the same exact-minute rules as the
 * timesheets. Open shifts are left out until they end.
 */
export async function hoursReport(em: EntityManager, query: HoursReportQuery): Promise<HoursReportRow[]> {
  const { settings } = await loadSettings(em);
  const from = DateTime.fromISO(query.from, { zone: settings.timeZone }).startOf('day').toUTC().toISO()!;
  const to = DateTime.fromISO(query.to, { zone: settings.timeZone }).startOf('day').plus({ days: 1 }).toUTC().toISO()!;
  const rows = await em.execute<(ShiftColumns & { user_name: string | null; department: string | null })[]>(
    `select s.*, u.name as user_name, u.department from ${LIVE_SHIFTS} s join timeclock.timeclock_user_refs u on u.id = s.user_id
      where s.started_at >= ? and s.started_at < ? and s.ended_at is not null`,
    [from, to],
  );
  const groups = new Map<string, HoursReportRow>();
  for (const row of rows) {
    const key = query.groupBy === 'user' ? row.user_id : (row.department ?? '');
    const name = query.groupBy === 'user' ? row.user_name : (row.department ?? null);
    const group = groups.get(key) ?? { key, name, shifts: 0, workedMinutes: 0, paidBreakMinutes: 0, unpaidBreakMinutes: 0 };
    const m = shiftMinutes(shiftViewOf(row));
    group.shifts += 1;
    group.workedMinutes += m.worked;
    group.paidBreakMinutes += m.paidBreak;
    group.unpaidBreakMinutes += m.unpaidBreak;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, workedMinutes: tidy(g.workedMinutes), paidBreakMinutes: tidy(g.paidBreakMinutes), unpaidBreakMinutes: tidy(g.unpaidBreakMinutes) }))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.key.localeCompare(b.key));
}
