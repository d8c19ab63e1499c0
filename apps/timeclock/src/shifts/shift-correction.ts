import type { BreakView, Changes, CorrectShiftInput } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { NewEvent } from '@uehub/event-store';
import type { ShiftState } from './shift.decide';

const iso = (value: string) => new Date(value).toISOString();
const invalid = (path: string, message: string) => new AppError('RULE_VIOLATED', message, [{ path, message }]);

/**
 * A manager's correction: new start, end or breaks, with a reason. The original punches stay in
 * the stream; the event carries the new values and `changes` from/to. Breaks given replace the
 * shift's breaks (existing ids kept by position, new ones from `newBreakIds`).
 */
export function decideCorrection(correction: CorrectShiftInput, shift: NonNullable<ShiftState>, newBreakIds: string[]): NewEvent[] {
  const startedAt = correction.startedAt ? iso(correction.startedAt) : shift.startedAt;
  const endedAt = correction.endedAt ? iso(correction.endedAt) : shift.endedAt;
  if (endedAt !== null && Date.parse(endedAt) <= Date.parse(startedAt)) throw invalid('endedAt', 'The end must come after the start');
  const breaks: BreakView[] = correction.breaks
    ? correction.breaks.map((b, i) => ({ id: shift.breaks[i]?.id ?? newBreakIds[i], startedAt: iso(b.startedAt), endedAt: iso(b.endedAt), paid: b.paid }))
    : shift.breaks;
  assertBreaksInside(breaks, startedAt, endedAt);
  const data: NewEvent & { type: 'timeclock.shift.corrected' } = { type: 'timeclock.shift.corrected', data: { reason: correction.reason } };
  const changes: Changes = {};
  if (startedAt !== shift.startedAt) {
    changes.startedAt = { from: shift.startedAt, to: startedAt };
    data.data.startedAt = startedAt;
  }
  if (endedAt !== shift.endedAt) {
    changes.endedAt = { from: shift.endedAt, to: endedAt };
    data.data.endedAt = endedAt;
  }
  if (JSON.stringify(breaks) !== JSON.stringify(shift.breaks)) {
    changes.breaks = { from: shift.breaks, to: breaks };
    data.data.breaks = breaks;
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ ...data, changes }];
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
