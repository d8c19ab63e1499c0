import type { EntityManager } from '@mikro-orm/postgresql';
import type { BreakView, TimeclockSettings, TimesheetView } from '@uehub/contracts';
import { storeTables, type NewEvent } from '@uehub/event-store';
import { evolveShift, type ShiftState } from '../shifts/shift.decide';
import { LIVE_SHIFTS, shiftViewOf, type ShiftColumns } from '../shifts/shift-projector';
import { evolveSettings, SETTINGS_ID } from './settings.decide';
import { findTimesheet } from './timesheet.aggregate';
import { evolveTimesheet, timesheetId, type TimesheetState } from './timesheet.decide';
import { DEFAULT_RULES, weekSpan, weekTotals } from './week-totals';

const EVENTS = storeTables('timeclock').events;

interface EventRow {
  stream_id: string;
  stream_version: number;
  event_type: string;
  data: unknown;
}

/** A stored event as the pure evolve functions take it (the store only holds events a decider produced). */
const eventOfRow = (row: EventRow) => ({ type: row.event_type, data: row.data }) as NewEvent;

type SheetShift = { id: string; startedAt: string; endedAt: string | null; breaks: BreakView[] };

function viewOf(userId: string, settings: TimeclockSettings, sheet: TimesheetState, version: number, shifts: SheetShift[], week: string, asOf: string | null): TimesheetView {
  const { days, exact, rounded, rounding, openShifts, timeZone } = weekTotals(shifts, settings, week);
  return { userId, week, status: sheet?.status ?? 'open', reason: sheet?.reason ?? null, timeZone, days, exact, rounded, rounding, openShifts, shifts, version, asOf };
}

/** The week now, from the projections: shifts that started in it (local time of the organisation). */
export async function currentTimesheet(em: EntityManager, userId: string, week: string, settings: TimeclockSettings): Promise<TimesheetView> {
  const { from, to } = weekSpan(week, settings.timeZone);
  const rows = await em.execute<ShiftColumns[]>(`select * from ${LIVE_SHIFTS} where user_id = ? and started_at >= ? and started_at < ? order by started_at, id`, [userId, from, to]);
  const shifts = rows.map(shiftViewOf);
  const row = await findTimesheet(em, timesheetId(userId, week));
  const sheet: TimesheetState = row ? { userId, week, status: row.status, reason: row.reason, exact: row.exact, rounded: row.rounded } : null;
  const sheetShifts = shifts.map((s) => ({ id: s.id, startedAt: s.startedAt, endedAt: s.endedAt, breaks: s.breaks }));
  return viewOf(userId, settings, sheet, row?.version ?? 0, sheetShifts, week, null);
}

/** The week as it stood at `asOf`, folded from the events alone (settings, shifts and approval state then). */
export async function timesheetAsOf(em: EntityManager, userId: string, week: string, asOf: string): Promise<TimesheetView> {
  const settingsEvents = await em.execute<EventRow[]>(`select stream_id, stream_version, event_type, data from ${EVENTS} where stream_id = ? and occurred_at <= ? order by stream_version`, [SETTINGS_ID, asOf]);
  const settings = settingsEvents.map(eventOfRow).reduce(evolveSettings, DEFAULT_RULES);
  const shiftEvents = await em.execute<EventRow[]>(
    `select stream_id, stream_version, event_type, data from ${EVENTS}
      where stream_type = 'shift' and occurred_at <= ? and stream_id in (
        select stream_id from ${EVENTS} where event_type = 'timeclock.shift.started' and data->>'userId' = ?)
      order by stream_id, stream_version`,
    [asOf, userId],
  );
  const folded = new Map<string, ShiftState>();
  for (const row of shiftEvents) folded.set(row.stream_id, evolveShift(folded.get(row.stream_id) ?? null, eventOfRow(row)));
  const { from, to } = weekSpan(week, settings.timeZone);
  const shifts = [...folded.entries()]
    .filter((entry): entry is [string, NonNullable<ShiftState>] => entry[1] !== null && Date.parse(entry[1].startedAt) >= Date.parse(from) && Date.parse(entry[1].startedAt) < Date.parse(to))
    .map(([id, s]) => ({ id, startedAt: s.startedAt, endedAt: s.endedAt, breaks: s.breaks }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const sheetEvents = await em.execute<EventRow[]>(`select stream_id, stream_version, event_type, data from ${EVENTS} where stream_id = ? and occurred_at <= ? order by stream_version`, [timesheetId(userId, week), asOf]);
  const sheet = sheetEvents.map(eventOfRow).reduce<TimesheetState>(evolveTimesheet, null);
  return viewOf(userId, settings, sheet, sheetEvents.at(-1)?.stream_version ?? 0, shifts, week, asOf);
}
