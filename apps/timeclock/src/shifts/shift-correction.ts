import type { BreakView, Changes, CorrectionRequestInput, CorrectionRequestStatus, CorrectShiftInput, ShiftTimes } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { NewEvent } from '@uehub/event-store';
import type { ShiftState } from './shift.decide';

const iso = (value: string) => new Date(value).toISOString();
const invalid = (path: string, message: string) => new AppError('RULE_VIOLATED', message, [{ path, message }]);

/** New shift times with their from/to: what a correction sets, or a request asks for. */
export interface ShiftChange {
  times: ShiftTimes;
  changes: Changes;
}

/**
 * The change a correction makes to a shift (null when it changes nothing), checked: end after
 * start, breaks inside the shift. Breaks given replace the shift's breaks (existing ids kept by
 * position, new ones from `newBreakIds`).
 */
export function changeOf(correction: CorrectionRequestInput, shift: NonNullable<ShiftState>, newBreakIds: string[]): ShiftChange | null {
  const startedAt = correction.startedAt ? iso(correction.startedAt) : shift.startedAt;
  const endedAt = correction.endedAt ? iso(correction.endedAt) : shift.endedAt;
  if (endedAt !== null && Date.parse(endedAt) <= Date.parse(startedAt)) throw invalid('endedAt', 'The end must come after the start');
  const breaks: BreakView[] = correction.breaks
    ? correction.breaks.map((b, i) => ({ id: shift.breaks[i]?.id ?? newBreakIds[i], startedAt: iso(b.startedAt), endedAt: iso(b.endedAt), paid: b.paid }))
    : shift.breaks;
  assertBreaksInside(breaks, startedAt, endedAt);
  const times: ShiftTimes = {};
  const changes: Changes = {};
  if (startedAt !== shift.startedAt) {
    changes.startedAt = { from: shift.startedAt, to: startedAt };
    times.startedAt = startedAt;
  }
  if (endedAt !== shift.endedAt) {
    changes.endedAt = { from: shift.endedAt, to: endedAt };
    times.endedAt = endedAt;
  }
  if (JSON.stringify(breaks) !== JSON.stringify(shift.breaks)) {
    changes.breaks = { from: shift.breaks, to: breaks };
    times.breaks = breaks;
  }
  return Object.keys(changes).length === 0 ? null : { times, changes };
}

/**
 * A manager's correction, with a reason. The original punches stay in the stream; the event
 * carries the new values and `changes` from/to. A correction that grants a worker's request
 * names it, and must change something.
 */
export function decideCorrection(correction: CorrectShiftInput, shift: NonNullable<ShiftState>, newBreakIds: string[], request: RequestState | null): NewEvent[] {
  if (correction.requestId !== undefined) assertPending(request, correction.requestId);
  const change = changeOf(correction, shift, newBreakIds);
  if (!change) {
    if (correction.requestId !== undefined) throw invalid('requestId', 'The correction changes nothing; decline the request instead');
    return [];
  }
  const requestId = correction.requestId !== undefined ? { requestId: correction.requestId } : {};
  return [{ type: 'timeclock.shift.corrected', data: { ...change.times, reason: correction.reason, ...requestId }, changes: change.changes }];
}

/** A worker's correction request as a decision needs it (read under its row lock; null when the shift has none of that id). */
export interface RequestState {
  id: string;
  status: CorrectionRequestStatus;
}

/** A worker asks for a correction: checked like one, recorded with its from/to, changing no time. */
export function decideCorrectionRequest(requestId: string, request: CorrectionRequestInput, shift: NonNullable<ShiftState>, newBreakIds: string[]): NewEvent[] {
  const change = changeOf(request, shift, newBreakIds);
  if (!change) throw invalid('reason', 'The request changes nothing on the shift');
  return [{ type: 'timeclock.shift.correction_requested', data: { ...change.times, requestId, reason: request.reason }, changes: change.changes }];
}

/** A manager declines a pending request, with a reason. */
export function decideDecline(requestId: string, request: RequestState | null, reason: string): NewEvent[] {
  assertPending(request, requestId);
  return [{ type: 'timeclock.shift.correction_declined', data: { requestId, reason } }];
}

function assertPending(request: RequestState | null, requestId: string): void {
  if (!request) throw new AppError('NOT_FOUND', `The shift has no correction request ${requestId}`);
  if (request.status !== 'pending') throw invalid('requestId', `The correction request was ${request.status} already`);
}

/** Breaks lie inside the shift, end after they start, one after the other. */
function assertBreaksInside(breaks: BreakView[], startedAt: string, endedAt: string | null): void {
  let previousEnd = Date.parse(startedAt);
  breaks.forEach((b, i) => {
    const start = Date.parse(b.startedAt);
    const end = b.endedAt === null ? null : Date.parse(b.endedAt);
    if (start < previousEnd) throw invalid(`breaks.${i}.startedAt`, 'A break must start inside the shift, after the previous break');
    if (end !== null && end <= start) throw invalid(`breaks.${i}.endedAt`, 'A break must end after it starts');
    if (endedAt !== null && (end === null || end > Date.parse(endedAt))) throw invalid(`breaks.${i}.endedAt`, 'A break must end inside the shift');
    previousEnd = end ?? start;
  });
}
