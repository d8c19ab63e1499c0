import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimesheetStatus, TimesheetTotals } from '@uehub/contracts';
import type { Aggregate, Folded } from '@uehub/event-store';
import { timesheetDecider, type TimesheetCommand, type TimesheetState } from './timesheet.decide';

export const TIMESHEETS = 'timeclock.timeclock_timesheets';

export interface TimesheetRow {
  id: string;
  user_id: string;
  week: string;
  status: TimesheetStatus;
  reason: string | null;
  exact: TimesheetTotals | null;
  rounded: TimesheetTotals | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const SELECT = `select id, user_id, to_char(week, 'YYYY-MM-DD') as week, status, reason, exact, rounded, created_at, updated_at, version from ${TIMESHEETS}`;

export async function findTimesheet(em: EntityManager, id: string, lock = false): Promise<TimesheetRow | undefined> {
  const [row] = await em.execute<TimesheetRow[]>(`${SELECT} where id = ?${lock ? ' for update' : ''}`, [id]);
  return row;
}

export function foldedOfTimesheet(row: TimesheetRow): Folded<TimesheetState> {
  return {
    state: { userId: row.user_id, week: row.week, status: row.status, reason: row.reason, exact: row.exact, rounded: row.rounded },
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Timesheet streams for the command handler; the row is the state between commands. */
export const timesheetAggregate: Aggregate<TimesheetState, TimesheetCommand> = {
  streamType: 'timesheet',
  decider: timesheetDecider,
  projection: {
    async load(tx, id) {
      const row = await findTimesheet(tx, id, true);
      return row ? foldedOfTimesheet(row) : undefined;
    },
    async save(tx, id, folded) {
      const s = folded.state;
      if (!s) return;
      await tx.execute(
        `insert into ${TIMESHEETS} (id, user_id, week, status, reason, exact, rounded, created_at, updated_at, version)
         values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)
         on conflict (id) do update set status = excluded.status, reason = excluded.reason, exact = excluded.exact,
           rounded = excluded.rounded, updated_at = excluded.updated_at, version = excluded.version`,
        [id, s.userId, s.week, s.status, s.reason, JSON.stringify(s.exact), JSON.stringify(s.rounded), folded.createdAt, folded.updatedAt, folded.version],
      );
    },
  },
};
