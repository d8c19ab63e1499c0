import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { compareWithReplay, foldedTableTarget, storeTables, type Aggregate, type RebuildReport, type RebuildTarget } from '@uehub/event-store';
import { rebuildCommand, type ServiceConfig } from '@uehub/service-host';
import { readUserEvents, userReplicaTarget } from '@uehub/user-replica';
import { actionAggregate, actionTable } from '../actions/action.aggregate';
import { inspectionAggregate, inspectionTable } from '../inspections/inspection.aggregate';
import { safetyDatabase } from '../safety.app';
import { occurrenceAggregate, occurrenceTable } from '../schedules/occurrence.aggregate';
import { scheduleAggregate, scheduleTable } from '../schedules/schedule.aggregate';
import { writeStateRow, type StateTable } from '../store/state-rows';
import { templateAggregate, templateTable } from '../templates/template.aggregate';
import { SAFETY_REPLICA } from '../users/safety-replica';

const EVENTS = storeTables('safety').events;

/** A state table rebuilt by folding its stream type through the aggregate's pure `evolve`. */
function stateTarget<S, C>({ streamType, decider }: Aggregate<S, C>, spec: StateTable<S>): RebuildTarget {
  return foldedTableTarget<S>({
    name: streamType,
    live: spec.table,
    indexes: true, // writeStateRow upserts by id
    eventsTable: EVENTS,
    streamType,
    evolve: decider.evolve,
    initialState: decider.initialState,
    async write(tx, scratch, streams) {
      for (const [id, folded] of streams) await writeStateRow(tx, spec, scratch, id, folded);
    },
  });
}

const STATE_TARGETS = [
  stateTarget(templateAggregate, templateTable),
  stateTarget(inspectionAggregate, inspectionTable),
  stateTarget(actionAggregate, actionTable),
  stateTarget(scheduleAggregate, scheduleTable),
  stateTarget(occurrenceAggregate, occurrenceTable),
];

/**
 * Safety's consistency check: templates, inspections, actions and the user replica rebuilt from
 * events through the pure evolve functions and compared with the live tables (see `compareWithReplay`).
 */
export function rebuildAndCompare(em: EntityManager, userEvents: () => Promise<EventEnvelope[]>): Promise<RebuildReport> {
  return compareWithReplay(em, [...STATE_TARGETS, userReplicaTarget(SAFETY_REPLICA, userEvents)]);
}

/** `main.js rebuild` (`npm run rebuild:safety`): the consistency check as a command (exit 1 when the tables differ). */
export function rebuildSafety(config: ServiceConfig): Promise<RebuildReport> {
  return rebuildCommand(config, safetyDatabase(config), (nc) => [...STATE_TARGETS, userReplicaTarget(SAFETY_REPLICA, () => readUserEvents(nc, config.subjectPrefix))]);
}
