import type { EntityManager } from '@mikro-orm/postgresql';
import type { PayrollRow, TimesheetStatus, TimesheetTotals } from '@uehub/contracts';
import { TIMESHEETS } from './timesheet.aggregate';

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * One row per user for a week: approved weeks with the figures they were approved with (exact
 * and rounded), every other user listed as missing with the week's state, never guessed.
 * Users: active people who punch (not auditors), and anyone with a timesheet for the week.
 */
export async function payrollRows(em: EntityManager, week: string): Promise<PayrollRow[]> {
  const rows = await em.execute<{ id: string; name: string | null; email: string | null; status: TimesheetStatus | null; exact: TimesheetTotals | null; rounded: TimesheetTotals | null }[]>(
    `select u.id, u.name, u.email, t.status, t.exact, t.rounded
       from timeclock.timeclock_user_refs u
       left join ${TIMESHEETS} t on t.user_id = u.id and t.week = ?::date
      where (u.is_active and u.role <> 'auditor') or t.id is not null
      order by u.name, u.id`,
    [week],
  );
  return rows.map((row) => {
    const approved = row.status === 'approved' && row.exact && row.rounded;
    return {
      userId: row.id,
      name: row.name,
      email: row.email,
      week,
      status: approved ? 'approved' : 'missing',
      timesheetStatus: row.status ?? 'open',
      regularMinutes: approved ? row.exact!.regularMinutes : null,
      overtimeMinutes: approved ? row.exact!.overtimeMinutes : null,
      regularHours: approved ? hours(row.exact!.regularMinutes) : null,
      overtimeHours: approved ? hours(row.exact!.overtimeMinutes) : null,
      regularHoursRounded: approved ? hours(row.rounded!.regularMinutes) : null,
      overtimeHoursRounded: approved ? hours(row.rounded!.overtimeMinutes) : null,
    };
  });
}
