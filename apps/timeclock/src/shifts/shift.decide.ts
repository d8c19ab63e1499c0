import type { BreakView, CorrectionRequestInput, CorrectShiftInput, EventPayloads, GeoPoint, PunchTime } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';
import { decideCorrection, decideCorrectionRequest, decideDecline, type RequestState } from './shift-correction';

/** What a punch leaves as evidence beside the effective time. */
export interface PunchEvidence {
  deviceTime: string | null;
  receivedAt: string;
  punchId: string | null;
}

/** The decision state of a shift stream: a fold of its events (null before the clock-in). */
export type ShiftState = {
  userId: string;
  startedAt: string;
  endedAt: string | null;
  breaks: BreakView[];
  location: string | null;
  job: string | null;
  note: string | null;
  geo: GeoPoint | null;
  flag: string | null;
  start: PunchEvidence;
  end: PunchEvidence | null;
} | null;

export type ShiftCommand =
  | {
      kind: 'start';
      userId: string;
      punch: PunchTime;
      location: string | null;
      job: string | null;
      note: string | null;
      geo: GeoPoint | null;
      /** The user's open shift, if any (read under the user's lock). */
      openShiftId: string | null;
      /** A closed shift of the user that contains the start time, if any. */
      overlappingShiftId: string | null;
    }
  | { kind: 'end'; punch: PunchTime; note: string | null; geo: GeoPoint | null }
  | { kind: 'start_break'; breakId: string; paid: boolean; punch: PunchTime }
  | { kind: 'end_break'; punch: PunchTime }
  | { kind: 'close_for_deactivation'; at: string; receivedAt: string }
  | { kind: 'correct'; correction: CorrectShiftInput; newBreakIds: string[]; request: RequestState | null }
  | { kind: 'add_note'; noteId: string; text: string }
  | { kind: 'request_correction'; requestId: string; request: CorrectionRequestInput; newBreakIds: string[] }
  | { kind: 'decline_request'; requestId: string; request: RequestState | null; reason: string };

/** The reason written on a shift closed because its user was deactivated on the clock. */
export const DEACTIVATED_FLAG = 'closed because the user was deactivated while on the clock';

/** Pure punch rules: a command and the shift go in, events come out (or a refusal). */
export function decideShift(command: ShiftCommand, state: ShiftState): NewEvent[] {
  if (command.kind === 'start') {
    if (state) throw new AppError('ALREADY_EXISTS', 'The shift exists already');
    if (command.openShiftId) throw new AppError('SHIFT_ALREADY_OPEN', `Shift ${command.openShiftId} is open; clock out first`);
    if (command.overlappingShiftId) throw new AppError('SHIFT_OVERLAP', `The time falls inside shift ${command.overlappingShiftId}`);
    const { userId, punch, location, job, note, geo } = command;
    return [{ type: 'timeclock.shift.started', data: { ...punch, userId, location, job, note, geo } }];
  }
  if (command.kind === 'close_for_deactivation') return decideClose(command.at, command.receivedAt, state);
  if (command.kind === 'correct' || command.kind === 'add_note' || command.kind === 'request_correction' || command.kind === 'decline_request') {
    return decideOnRecord(command, state);
  }
  const shift = open(state);
  const openBreak = shift.breaks.find((b) => b.endedAt === null);
  switch (command.kind) {
    case 'end': {
      assertAfter(command.punch.at, latestTime(shift), 'clock-out');
      const events: NewEvent[] = openBreak ? [{ type: 'timeclock.break.ended', data: { ...command.punch, breakId: openBreak.id } }] : [];
      const { note, geo } = command;
      return [...events, { type: 'timeclock.shift.ended', data: { ...command.punch, userId: shift.userId, note, geo } }];
    }
    case 'start_break':
      if (openBreak) throw new AppError('BREAK_ALREADY_OPEN', `Break ${openBreak.id} is open; end it first`);
      assertAfter(command.punch.at, latestTime(shift), 'break start', true);
      return [{ type: 'timeclock.break.started', data: { ...command.punch, breakId: command.breakId, paid: command.paid } }];
    case 'end_break':
      if (!openBreak) throw new AppError('NO_OPEN_BREAK', 'No break is open');
      assertAfter(command.punch.at, openBreak.startedAt, 'break end');
      return [{ type: 'timeclock.break.ended', data: { ...command.punch, breakId: openBreak.id } }];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown shift command ${JSON.stringify(unknown)}`);
    }
  }
}

/** Commands on a shift's record, open or closed: a manager's correction, a note, a request and its refusal. */
function decideOnRecord(command: Extract<ShiftCommand, { kind: 'correct' | 'add_note' | 'request_correction' | 'decline_request' }>, state: ShiftState): NewEvent[] {
  if (!state) throw new AppError('NOT_FOUND', 'No such shift');
  switch (command.kind) {
    case 'correct':
      return decideCorrection(command.correction, state, command.newBreakIds, command.request);
    case 'add_note':
      return [{ type: 'timeclock.shift.note_added', data: { noteId: command.noteId, text: command.text } }];
    case 'request_correction':
      return decideCorrectionRequest(command.requestId, command.request, state, command.newBreakIds);
    case 'decline_request':
      return decideDecline(command.requestId, command.request, command.reason);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown shift command ${JSON.stringify(unknown)}`);
    }
  }
}

/** Closes an open shift (and its break) at the deactivation time, and flags it for review. */
function decideClose(at: string, receivedAt: string, state: ShiftState): NewEvent[] {
  if (!state || state.endedAt !== null) return [];
  // the end must come after every punch of the shift (the database checks end > start)
  const latest = Date.parse(latestTime(state));
  const end = new Date(Math.max(Date.parse(at), latest + 1)).toISOString();
  const punch: PunchTime = { at: end, deviceTime: null, receivedAt, punchId: null, reason: 'user deactivated' };
  const openBreak = state.breaks.find((b) => b.endedAt === null);
  return [
    ...(openBreak ? [{ type: 'timeclock.break.ended', data: { ...punch, breakId: openBreak.id } } satisfies NewEvent] : []),
    { type: 'timeclock.shift.ended', data: { ...punch, userId: state.userId, note: null, geo: null } },
    { type: 'timeclock.shift.flagged', data: { reason: DEACTIVATED_FLAG } },
  ];
}

/** Folds one event into the shift. */
export function evolveShift(state: ShiftState, event: NewEvent): ShiftState {
  if (event.type === 'timeclock.shift.started') {
    const d = event.data;
    return {
      userId: d.userId,
      startedAt: d.at,
      endedAt: null,
      breaks: [],
      location: d.location,
      job: d.job,
      note: d.note,
      geo: d.geo,
      flag: null,
      start: evidenceOf(d),
      end: null,
    };
  }
  if (!state) return state;
  switch (event.type) {
    case 'timeclock.shift.ended':
      return { ...state, endedAt: event.data.at, end: evidenceOf(event.data), note: event.data.note ?? state.note };
    case 'timeclock.break.started':
      return { ...state, breaks: [...state.breaks, { id: event.data.breakId, startedAt: event.data.at, endedAt: null, paid: event.data.paid }] };
    case 'timeclock.break.ended':
      return { ...state, breaks: state.breaks.map((b) => (b.id === event.data.breakId ? { ...b, endedAt: event.data.at } : b)) };
    case 'timeclock.shift.flagged':
      return { ...state, flag: event.data.reason };
    case 'timeclock.shift.corrected':
      return correct(state, event.data);
    default:
      return state;
  }
}

function correct(state: NonNullable<ShiftState>, data: EventPayloads['timeclock.shift.corrected']): ShiftState {
  return {
    ...state,
    startedAt: data.startedAt ?? state.startedAt,
    endedAt: data.endedAt !== undefined ? data.endedAt : state.endedAt,
    breaks: data.breaks ?? state.breaks,
  };
}

export const shiftDecider: Decider<ShiftState, ShiftCommand> = {
  initialState: null,
  decide: (command, state) => decideShift(command, state),
  evolve: evolveShift,
};

function evidenceOf(punch: PunchTime): PunchEvidence {
  return { deviceTime: punch.deviceTime, receivedAt: punch.receivedAt, punchId: punch.punchId };
}

function open(state: ShiftState): NonNullable<ShiftState> {
  if (!state || state.endedAt !== null) throw new AppError('NO_OPEN_SHIFT', 'No shift is open; clock in first');
  return state;
}

/** The last punch time inside a shift (its start or a break start/end). */
function latestTime(shift: NonNullable<ShiftState>): string {
  const times = [shift.startedAt, ...shift.breaks.flatMap((b) => [b.startedAt, b.endedAt ?? b.startedAt])];
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

function assertAfter(at: string, after: string, what: string, orEqual = false): void {
  const ok = orEqual ? Date.parse(at) >= Date.parse(after) : Date.parse(at) > Date.parse(after);
  if (!ok) throw new AppError('RULE_VIOLATED', `The ${what} time ${at} must come after ${after}`, [{ path: 'occurredAt', message: `must be after ${after}` }]);
}
