import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { serviceOrmOptions } from '@uehub/database';
import { foldEnvelopes, storeTables, type Folded } from '@uehub/event-store';
import type { ServiceConfig } from '@uehub/service-host';
import { evolveShift, type ShiftState } from '../shifts/shift.decide';
import { evolveRequest, LIVE_REQUESTS, REQUEST_COLUMNS, requestIdOf, writeRequestRows, type RequestColumns } from '../shifts/correction-request-projector';
import { LIVE_SHIFTS, SHIFT_COLUMNS, shiftRowOf, writeShiftRows, type ShiftColumns } from '../shifts/shift-projector';
import { TIMESHEETS } from '../timesheets/timesheet.aggregate';
import { evolveTimesheet, type TimesheetState } from '../timesheets/timesheet.decide';
import { timeclockDatabase } from '../timeclock.app';

export interface RebuildReport {
  ok: boolean;
  events: number;
  shifts: { live: number; rebuilt: number; differing: number };
  timesheets: { live: number; rebuilt: number; differing: number };
  correctionRequests: { live: number; rebuilt: number; differing: number };
}

interface EventRow {
  event_id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  occurred_at: Date | string;
}

const EVENTS = storeTables('timeclock').events;
const SCRATCH_SHIFTS = 'pg_temp.timeclock_shifts_rebuild';
const SCRATCH_SHEETS = 'pg_temp.timeclock_timesheets_rebuild';
const SCRATCH_REQUESTS = 'pg_temp.timeclock_correction_requests_rebuild';
const SHEET_COLUMNS = 'id, user_id, week, status, reason, exact, rounded, created_at, updated_at, version';

/**
 * Rebuilds shifts, correction requests and timesheets from timeclock's events into temporary tables and compares them
 * with the live ones row by row, in one REPEATABLE READ transaction (events and live rows from
 * one snapshot while the service runs). Each stream is folded from its first event through the
 * pure evolve functions: not the command path, which folded each command onto the stored row.
 */
export async function rebuildAndCompare(em: EntityManager): Promise<RebuildReport> {
  return em.transactional(
    async (tx) => {
      await tx.execute(`create temp table timeclock_shifts_rebuild (like ${LIVE_SHIFTS} including defaults) on commit drop`);
      await tx.execute(`create temp table timeclock_timesheets_rebuild (like ${TIMESHEETS} including defaults) on commit drop`);
      await tx.execute(`create temp table timeclock_correction_requests_rebuild (like ${LIVE_REQUESTS} including defaults) on commit drop`);
      const rows = await tx.execute<EventRow[]>(
        `select event_id, stream_type, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at
           from ${EVENTS} where stream_type in ('shift', 'timesheet') order by stream_id, stream_version`,
      );
      const shifts = new Map<string, Folded<ShiftState> | undefined>();
      const sheets = new Map<string, Folded<TimesheetState> | undefined>();
      const requests = new Map<string, RequestColumns>();
      for (const row of rows) {
        const envelope = toEnvelope(row);
        if (row.stream_type !== 'shift') {
          sheets.set(row.stream_id, foldEnvelopes(evolveTimesheet, sheets.get(row.stream_id), null, [envelope]));
          continue;
        }
        const shift = foldEnvelopes(evolveShift, shifts.get(row.stream_id), null, [envelope]);
        shifts.set(row.stream_id, shift);
        const requestId = requestIdOf(envelope);
        const request = requestId && shift?.state ? evolveRequest(requests.get(requestId), envelope, shift.state.userId) : undefined;
        if (request) requests.set(request.id, request);
      }
      const shiftRows = [...shifts].map(([id, folded]) => folded && shiftRowOf(id, folded)).filter((r): r is ShiftColumns => r !== undefined);
      await writeShiftRows(tx, SCRATCH_SHIFTS, shiftRows, false);
      await writeRequestRows(tx, SCRATCH_REQUESTS, [...requests.values()], false);
      for (const [id, folded] of sheets) {
        const s = folded?.state;
        if (!folded || !s) continue;
        await tx.execute(`insert into ${SCRATCH_SHEETS} (${SHEET_COLUMNS}) values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)`, [
          id, s.userId, s.week, s.status, s.reason, JSON.stringify(s.exact), JSON.stringify(s.rounded), folded.createdAt, folded.updatedAt, folded.version,
        ]);
      }
      const shiftCheck = await compare(tx, LIVE_SHIFTS, SCRATCH_SHIFTS, SHIFT_COLUMNS);
      const sheetCheck = await compare(tx, TIMESHEETS, SCRATCH_SHEETS, SHEET_COLUMNS);
      const requestCheck = await compare(tx, LIVE_REQUESTS, SCRATCH_REQUESTS, REQUEST_COLUMNS);
      const ok = shiftCheck.differing === 0 && sheetCheck.differing === 0 && requestCheck.differing === 0;
      return { ok, events: rows.length, shifts: shiftCheck, timesheets: sheetCheck, correctionRequests: requestCheck };
    },
    { isolationLevel: 'repeatable read' },
  );
}

async function compare(tx: EntityManager, live: string, rebuilt: string, columns: string) {
  const [row] = await tx.execute<{ live: number; rebuilt: number; differing: number }[]>(
    `select (select count(*) from ${live})::int as live, (select count(*) from ${rebuilt})::int as rebuilt,
            (select count(*) from ((select ${columns} from ${live} except all select ${columns} from ${rebuilt})
              union all (select ${columns} from ${rebuilt} except all select ${columns} from ${live})) d)::int as differing`,
  );
  return row;
}

function toEnvelope(row: EventRow): EventEnvelope {
  const meta = row.metadata as Pick<EventEnvelope, 'actor' | 'correlationId' | 'causationId' | 'changes'>;
  return {
    id: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    stream: { type: row.stream_type, id: row.stream_id, version: row.stream_version },
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: meta.actor,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    data: row.data,
    changes: meta.changes,
  };
}

/** `main.js rebuild`: the consistency check as a command (exit 1 when the tables differ). */
export async function rebuildTimeclock(config: ServiceConfig): Promise<RebuildReport> {
  const orm = await MikroORM.init(serviceOrmOptions(timeclockDatabase(config), config.database.directUrl, 'uehub-timeclock-rebuild'));
  try {
    return await rebuildAndCompare(orm.em.fork());
  } finally {
    await orm.close(true);
  }
}
