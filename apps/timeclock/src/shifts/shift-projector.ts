import type { EntityManager } from '@mikro-orm/postgresql';
import type { BreakView, GeoPoint, ShiftView } from '@uehub/contracts';
import type { Folded, StatementPart } from '@uehub/event-store';
import type { ShiftState } from './shift.decide';
import { jsonRowsStatement, rowShape, writeJsonRows } from './json-rows';

/** Where the shift projection lives: the live table, or a scratch copy during a rebuild. */
export const LIVE_SHIFTS = 'timeclock.timeclock_shifts';

/** A `timeclock_shifts` row as written: the shift state `evolveShift` computed, plus where its fold stands. */
export interface ShiftColumns {
  id: string;
  user_id: string;
  started_at: string;
  ended_at: string | null;
  breaks: BreakView[];
  location: string | null;
  job: string | null;
  note: string | null;
  geo: GeoPoint | null;
  flag: string | null;
  start_device_time: string | null;
  start_received_at: string;
  start_punch_id: string | null;
  end_device_time: string | null;
  end_received_at: string | null;
  end_punch_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const SHAPE = rowShape(
  'id uuid, user_id uuid, started_at timestamptz, ended_at timestamptz, breaks jsonb, location text, job text, note text, geo jsonb, flag text, ' +
    'start_device_time timestamptz, start_received_at timestamptz, start_punch_id uuid, end_device_time timestamptz, end_received_at timestamptz, ' +
    'end_punch_id uuid, created_at timestamptz, updated_at timestamptz, version integer',
);

/** Projection columns compared by the consistency check. */
export const SHIFT_COLUMNS = SHAPE.columns;

/** The row of a folded shift stream. */
export function shiftRowOf(id: string, folded: Folded<ShiftState>): ShiftColumns | undefined {
  const { state } = folded;
  if (!state) return undefined;
  return {
    id,
    user_id: state.userId,
    started_at: state.startedAt,
    ended_at: state.endedAt,
    breaks: state.breaks,
    location: state.location,
    job: state.job,
    note: state.note,
    geo: state.geo,
    flag: state.flag,
    start_device_time: state.start.deviceTime,
    start_received_at: state.start.receivedAt,
    start_punch_id: state.start.punchId,
    end_device_time: state.end?.deviceTime ?? null,
    end_received_at: state.end?.receivedAt ?? null,
    end_punch_id: state.end?.punchId ?? null,
    created_at: folded.createdAt,
    updated_at: folded.updatedAt,
    version: folded.version,
  };
}

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** A row as PostgreSQL returns it, back to the folded state the command handler decides on. */
export function foldedOfRow(row: ShiftColumns): Folded<ShiftState> {
  return {
    state: {
      userId: row.user_id,
      startedAt: iso(row.started_at)!,
      endedAt: iso(row.ended_at),
      breaks: row.breaks.map((b) => ({ id: b.id, startedAt: b.startedAt, endedAt: b.endedAt, paid: b.paid })),
      location: row.location,
      job: row.job,
      note: row.note,
      geo: row.geo ? { lat: row.geo.lat, lon: row.geo.lon, accuracyM: row.geo.accuracyM } : null,
      flag: row.flag,
      start: { deviceTime: iso(row.start_device_time), receivedAt: iso(row.start_received_at)!, punchId: row.start_punch_id },
      end: row.end_received_at ? { deviceTime: iso(row.end_device_time), receivedAt: iso(row.end_received_at)!, punchId: row.end_punch_id } : null,
    },
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** The API view of a shift row. */
export function shiftViewOf(row: ShiftColumns): ShiftView {
  const { state, version, createdAt, updatedAt } = foldedOfRow(row);
  const s = state!;
  return {
    id: row.id,
    userId: s.userId,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    breaks: s.breaks,
    location: s.location,
    job: s.job,
    note: s.note,
    geo: s.geo,
    flag: s.flag,
    createdAt,
    updatedAt,
    version,
  };
}

/** Writes shift rows in one statement; `upsert` replaces a row of the same id. */
export function writeShiftRows(tx: EntityManager, table: string, rows: ShiftColumns[], upsert: boolean): Promise<void> {
  return writeJsonRows(tx, table, SHAPE, rows, upsert);
}

/** Shift rows as one statement (to send in the append's statement). */
export function shiftStatement(table: string, rows: ShiftColumns[], upsert: boolean): StatementPart {
  return jsonRowsStatement(table, SHAPE, rows, upsert);
}
