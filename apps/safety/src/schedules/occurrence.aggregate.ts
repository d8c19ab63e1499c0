import type { Aggregate } from '@uehub/event-store';
import { stateProjection, type StateTable } from '../store/state-rows';
import { occurrenceDecider, type OccurrenceCommand, type OccurrenceState } from './occurrence.decide';

export const OCCURRENCES = 'safety.safety_schedule_occurrences';

/** One row per announced missed occurrence (the stream id is derived from schedule and start). */
export const occurrenceTable: StateTable<OccurrenceState> = {
  table: OCCURRENCES,
  columnsOf: (s) => ({ schedule_id: s.scheduleId, starts_at: s.startsAt, ends_at: s.endsAt, status: 'missed' }),
};

export const occurrenceAggregate: Aggregate<OccurrenceState, OccurrenceCommand> = {
  streamType: 'occurrence',
  decider: occurrenceDecider,
  projection: stateProjection(occurrenceTable),
};
