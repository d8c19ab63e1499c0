import type { EntityManager } from '@mikro-orm/postgresql';
import type { Changes, CorrectionRequestStatus, CorrectionRequestView, EventEnvelope, ShiftTimes } from '@uehub/contracts';
import { eventOf } from '@uehub/event-store';
import { rowShape, writeJsonRows } from './json-rows';

/** Where the request projection lives: the live table, or a scratch copy during a rebuild. */
export const LIVE_REQUESTS = 'timeclock.timeclock_correction_requests';

/** A `timeclock_correction_requests` row: a worker's request and its resolution, from the shift stream's events. */
export interface RequestColumns {
  id: string;
  shift_id: string;
  user_id: string;
  status: CorrectionRequestStatus;
  requested: ShiftTimes;
  changes: Changes;
  reason: string;
  requested_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const SHAPE = rowShape(
  'id uuid, shift_id uuid, user_id uuid, status text, requested jsonb, changes jsonb, reason text, requested_at timestamptz, resolved_by text, ' +
    'resolved_at timestamptz, resolution text, created_at timestamptz, updated_at timestamptz, version integer',
);

/** Projection columns compared by the consistency check. */
export const REQUEST_COLUMNS = SHAPE.columns;

/** The request a shift event concerns, if any. */
export function requestIdOf(envelope: EventEnvelope): string | undefined {
  const event = eventOf(envelope);
  switch (event.type) {
    case 'timeclock.shift.correction_requested':
    case 'timeclock.shift.correction_declined':
    case 'timeclock.shift.corrected':
      return event.data.requestId;
    default:
      return undefined;
  }
}

/** Folds one shift event into the request row it concerns: the one place a request event's meaning is written. */
export function evolveRequest(row: RequestColumns | undefined, envelope: EventEnvelope, userId: string): RequestColumns | undefined {
  const event = eventOf(envelope);
  const at = envelope.occurredAt;
  const version = envelope.stream.version;
  switch (event.type) {
    case 'timeclock.shift.correction_requested': {
      const { requestId, reason, ...requested } = event.data;
      const base = { resolved_by: null, resolved_at: null, resolution: null, created_at: at, updated_at: at, version };
      return { id: requestId, shift_id: envelope.stream.id, user_id: userId, status: 'pending', requested, changes: event.changes ?? {}, reason, requested_at: at, ...base };
    }
    case 'timeclock.shift.correction_declined':
    case 'timeclock.shift.corrected': {
      if (!row) return row;
      const status = event.type === 'timeclock.shift.corrected' ? 'accepted' : 'declined';
      return { ...row, status, resolved_by: envelope.actor.id, resolved_at: at, resolution: event.data.reason, updated_at: at, version };
    }
    default:
      return row;
  }
}

/** Writes the request rows a command's events change (a punch changes none, and costs no query). */
export async function projectRequests(tx: EntityManager, table: string, userId: string, events: EventEnvelope[]): Promise<void> {
  const concerned = events.filter((e) => requestIdOf(e) !== undefined);
  if (concerned.length === 0) return;
  const ids = [...new Set(concerned.map((e) => requestIdOf(e)!))];
  const current = await tx.execute<RequestColumns[]>(`select ${REQUEST_COLUMNS} from ${table} where id = any(?::uuid[])`, [`{${ids.join(',')}}`]);
  const rows = new Map(current.map((row) => [row.id, row]));
  for (const envelope of concerned) {
    const id = requestIdOf(envelope)!;
    const next = evolveRequest(rows.get(id), envelope, userId);
    if (next) rows.set(id, next);
  }
  await writeRequestRows(tx, table, [...rows.values()], true);
}

/** Writes request rows in one statement; `upsert` replaces a row of the same id. */
export function writeRequestRows(tx: EntityManager, table: string, rows: RequestColumns[], upsert: boolean): Promise<void> {
  return writeJsonRows(tx, table, SHAPE, rows, upsert);
}

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The API view of a request row. */
export function requestViewOf(row: RequestColumns): CorrectionRequestView {
  return {
    id: row.id,
    shiftId: row.shift_id,
    userId: row.user_id,
    status: row.status,
    requested: row.requested,
    changes: row.changes,
    reason: row.reason,
    requestedAt: iso(row.requested_at)!,
    resolvedBy: row.resolved_by,
    resolvedAt: iso(row.resolved_at),
    resolution: row.resolution,
  };
}
