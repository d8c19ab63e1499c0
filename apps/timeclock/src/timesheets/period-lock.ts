import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@uehub/errors';
import { loadSettings } from './settings.decide';
import { TIMESHEETS } from './timesheet.aggregate';
import { localDateOf, weekStartOf } from './week-totals';

/**
 * Refuses (422 PERIOD_LOCKED) a change to a user's shifts that start in an approved week. The
 * timesheet rows are locked FOR SHARE whatever their status, so an approval (FOR UPDATE) and a
 * shift change queue up: the approval sees the change, or the change sees the approval.
 */
export async function assertPeriodsOpen(tx: EntityManager, userId: string, instants: string[]): Promise<void> {
  const { settings } = await loadSettings(tx);
  const weeks = [...new Set(instants.map((at) => weekStartOf(localDateOf(at, settings.timeZone), settings.weekStartsOn)))];
  const rows = await tx.execute<{ week: string; status: string }[]>(
    `select to_char(week, 'YYYY-MM-DD') as week, status from ${TIMESHEETS} where user_id = ? and week = any(?::date[]) for share`,
    [userId, `{${weeks.join(',')}}`],
  );
  const approved = rows.find((r) => r.status === 'approved');
  if (approved) throw new AppError('PERIOD_LOCKED', `The week of ${approved.week} is approved and locked; an admin must reopen it first`);
}
