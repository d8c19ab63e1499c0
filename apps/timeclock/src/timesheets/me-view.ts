import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimeclockMe } from '@uehub/contracts';
import { LIVE_SHIFTS, shiftViewOf, type ShiftColumns } from '../shifts/shift-projector';
import { loadSettings } from './settings.decide';
import { localDateOf, weekSpan, weekStartOf, weekTotals } from './week-totals';

/** The open shift counts up to `now` (its open break too), so the totals are what the worker has done so far. */
export async function meView(em: EntityManager, userId: string, now: Date): Promise<TimeclockMe> {
  const { settings } = await loadSettings(em);
  const nowIso = now.toISOString();
  const today = localDateOf(nowIso, settings.timeZone);
  const week = weekStartOf(today, settings.weekStartsOn);
  const { from, to } = weekSpan(week, settings.timeZone);
  const rows = await em.execute<ShiftColumns[]>(
    `select * from ${LIVE_SHIFTS} where user_id = ? and ((started_at >= ? and started_at < ?) or ended_at is null) order by started_at`,
    [userId, from, to],
  );
  const shifts = rows.map(shiftViewOf);
  const openShift = shifts.find((s) => s.endedAt === null) ?? null;
  const soFar = shifts.map((s) => ({ ...s, endedAt: s.endedAt ?? nowIso, breaks: s.breaks.map((b) => ({ ...b, endedAt: b.endedAt ?? nowIso })) }));
  const totals = weekTotals(soFar, settings, week);
  return {
    openShift,
    openBreak: openShift?.breaks.find((b) => b.endedAt === null) ?? null,
    today: { date: today, workedMinutes: totals.days.find((d) => d.date === today)?.workedMinutes ?? 0 },
    week: { week, exact: totals.exact, rounded: totals.rounded },
    timeZone: settings.timeZone,
  };
}
