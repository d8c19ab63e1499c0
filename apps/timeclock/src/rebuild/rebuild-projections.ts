import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { compareWithReplay, foldEnvelopes, foldedTableTarget, readStoredEnvelopes, storeTables, type Folded, type RebuildReport, type RebuildTarget } from '@uehub/event-store';
import { rebuildCommand, type ServiceConfig } from '@uehub/service-host';
import { readUserEvents, userReplicaTarget } from '@uehub/user-replica';
import { evolveShift, type ShiftState } from '../shifts/shift.decide';
import { evolveRequest, LIVE_REQUESTS, REQUEST_COLUMNS, requestIdOf, writeRequestRows, type RequestColumns } from '../shifts/correction-request-projector';
import { LIVE_SHIFTS, SHIFT_COLUMNS, shiftRowOf, writeShiftRows, type ShiftColumns } from '../shifts/shift-projector';
import { TIMESHEETS } from '../timesheets/timesheet.aggregate';
import { evolveTimesheet, type TimesheetState } from '../timesheets/timesheet.decide';
import { timeclockDatabase } from '../timeclock.app';
import { TIMECLOCK_REPLICA } from '../users/timeclock-replica';

const eventsTable = storeTables('timeclock').events;
const SHEET_COLUMNS = 'id, user_id, week, status, reason, exact, rounded, created_at, updated_at, version';

/** Shifts: each stream folded through the pure `evolveShift`, written as the projector writes rows. */
const shifts = foldedTableTarget<ShiftState>({
  name: 'shifts',
  live: LIVE_SHIFTS,
  columns: SHIFT_COLUMNS,
  eventsTable,
  streamType: 'shift',
  evolve: evolveShift,
  initialState: null,
  write: (tx, scratch, streams) =>
    writeShiftRows(tx, scratch, [...streams].map(([id, folded]) => shiftRowOf(id, folded)).filter((r): r is ShiftColumns => r !== undefined), false),
});

/** Timesheets: each stream folded through the pure `evolveTimesheet`. */
const timesheets = foldedTableTarget<TimesheetState>({
  name: 'timesheets',
  live: TIMESHEETS,
  columns: SHEET_COLUMNS,
  eventsTable,
  streamType: 'timesheet',
  evolve: evolveTimesheet,
  initialState: null,
  async write(tx, scratch, streams) {
    for (const [id, { state: s, createdAt, updatedAt, version }] of streams) {
      if (!s) continue;
      await tx.execute(`insert into ${scratch} (${SHEET_COLUMNS}) values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)`, [
        id, s.userId, s.week, s.status, s.reason, JSON.stringify(s.exact), JSON.stringify(s.rounded), createdAt, updatedAt, version,
      ]);
    }
  },
});

/** Correction requests: each shift's events folded through `evolveShift` (for its user) and `evolveRequest`. */
const correctionRequests: RebuildTarget = {
  name: 'correctionRequests',
  live: LIVE_REQUESTS,
  columns: REQUEST_COLUMNS,
  async fill(tx, scratch) {
    const shiftsSeen = new Map<string, Folded<ShiftState> | undefined>();
    const requests = new Map<string, RequestColumns>();
    await readStoredEnvelopes(tx, eventsTable, ['shift'], (page) => {
      for (const envelope of page) {
        const shift = foldEnvelopes(evolveShift, shiftsSeen.get(envelope.stream.id), null, [envelope]);
        shiftsSeen.set(envelope.stream.id, shift);
        const requestId = requestIdOf(envelope);
        const request = requestId && shift?.state ? evolveRequest(requests.get(requestId), envelope, shift.state.userId) : undefined;
        if (request) requests.set(request.id, request);
      }
    });
    await writeRequestRows(tx, scratch, [...requests.values()], false);
    return { events: 0 }; // the shift events: counted once, by the shift pass
  },
};

/**
 * Timeclock's consistency check: shifts, correction requests, timesheets and the user replica rebuilt from events
 * through the pure evolve functions and compared with the live tables (see `compareWithReplay`).
 */
export function rebuildAndCompare(em: EntityManager, userEvents: () => Promise<EventEnvelope[]>): Promise<RebuildReport> {
  return compareWithReplay(em, [shifts, correctionRequests, timesheets, userReplicaTarget(TIMECLOCK_REPLICA, userEvents)]);
}

/** `main.js rebuild`: the consistency check as a command (exit 1 when the tables differ). */
export function rebuildTimeclock(config: ServiceConfig): Promise<RebuildReport> {
  return rebuildCommand(config, timeclockDatabase(config), (nc) => [shifts, correctionRequests, timesheets, userReplicaTarget(TIMECLOCK_REPLICA, () => readUserEvents(nc, config.subjectPrefix))]);
}
