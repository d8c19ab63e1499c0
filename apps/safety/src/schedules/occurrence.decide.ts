import type { EventPayloads, OccurrenceStatus } from '@uehub/contracts';
import type { Decider, NewEvent } from '@uehub/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { Occurrence } from './recurrence';

type Missed = EventPayloads['safety.inspection.missed'];

/** An occurrence stream holds only its announcement: null until `safety.inspection.missed`. */
export type OccurrenceState = Missed | null;

export type OccurrenceCommand = {
  kind: 'mark_missed';
  occurrence: Omit<Missed, 'at'>;
  /** The completed inspection found in the window, if any (then nothing was missed). */
  doneBy: string | null;
  at: string;
};

const OCCURRENCE_NAMESPACE = '6f1d3c2a-4b7e-5a90-8c1d-2e3f4a5b6c7d';

/** The occurrence's stream id, the same wherever and however often it is computed: the event store lets one writer append there first. */
export function occurrenceId(scheduleId: string, startsAt: string): string {
  return uuidv5(`${scheduleId}/${new Date(startsAt).toISOString()}`, OCCURRENCE_NAMESPACE);
}

/** Announces a missed occurrence once: only after its end, only when no inspection was completed in it, never twice. */
export function decideOccurrence(command: OccurrenceCommand, state: OccurrenceState): NewEvent[] {
  if (state || command.doneBy || Date.parse(command.at) < Date.parse(command.occurrence.endsAt)) return [];
  return [{ type: 'safety.inspection.missed', data: { ...command.occurrence, at: command.at } }];
}

export function evolveOccurrence(state: OccurrenceState, event: NewEvent): OccurrenceState {
  return event.type === 'safety.inspection.missed' ? event.data : state;
}

export const occurrenceDecider: Decider<OccurrenceState, OccurrenceCommand> = {
  initialState: null,
  decide: decideOccurrence,
  evolve: evolveOccurrence,
};

/** A completed inspection of the schedule's template at its site. */
export interface Completion {
  id: string;
  completedAt: string;
}

/** `done` when an inspection was completed in [startsAt, endsAt); else `missed` once the window ended, `due` before. */
export function occurrenceStatus(occurrence: Occurrence, completions: Completion[], now: Date): { status: OccurrenceStatus; inspectionId: string | null } {
  const [start, end] = [Date.parse(occurrence.startsAt), Date.parse(occurrence.endsAt)];
  const done = completions.find((c) => Date.parse(c.completedAt) >= start && Date.parse(c.completedAt) < end);
  if (done) return { status: 'done', inspectionId: done.id };
  return { status: end <= now.getTime() ? 'missed' : 'due', inspectionId: null };
}
