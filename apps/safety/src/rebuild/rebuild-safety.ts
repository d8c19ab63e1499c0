import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { serviceOrmOptions } from '@uehub/database';
import { foldEnvelopes, type Decider, type Folded } from '@uehub/event-store';
import type { ServiceConfig } from '@uehub/service-host';
import { actionAggregate, actionTable } from '../actions/action.aggregate';
import { inspectionAggregate, inspectionTable } from '../inspections/inspection.aggregate';
import { safetyDatabase } from '../safety.app';
import { occurrenceAggregate, occurrenceTable } from '../schedules/occurrence.aggregate';
import { scheduleAggregate, scheduleTable } from '../schedules/schedule.aggregate';
import { writeStateRow, type StateTable } from '../store/state-rows';
import { templateAggregate, templateTable } from '../templates/template.aggregate';

export interface RebuildReport {
  ok: boolean;
  events: number;
  tables: Record<string, { live: number; rebuilt: number; differing: number }>;
}

interface EventRow {
  event_id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  occurred_at: Date | string;
}

interface Kind<S> {
  streamType: string;
  decider: Decider<S, never>;
  spec: StateTable<S>;
}

const KINDS: Kind<unknown>[] = [
  { streamType: 'template', decider: templateAggregate.decider as Decider<unknown, never>, spec: templateTable as StateTable<unknown> },
  { streamType: 'inspection', decider: inspectionAggregate.decider as Decider<unknown, never>, spec: inspectionTable as StateTable<unknown> },
  { streamType: 'action', decider: actionAggregate.decider as Decider<unknown, never>, spec: actionTable as StateTable<unknown> },
  { streamType: 'schedule', decider: scheduleAggregate.decider as Decider<unknown, never>, spec: scheduleTable as StateTable<unknown> },
  { streamType: 'occurrence', decider: occurrenceAggregate.decider as Decider<unknown, never>, spec: occurrenceTable as StateTable<unknown> },
];

/**
 * Folds every stored safety event in memory through the pure `evolve` of its stream type into
 * scratch copies of the live tables and compares them row by row, in one REPEATABLE READ
 * snapshot: an independent path from the command handler that wrote the live rows.
 */
export async function rebuildAndCompare(em: EntityManager): Promise<RebuildReport> {
  return em.transactional(
    async (tx) => {
      let events = 0;
      const tables: RebuildReport['tables'] = {};
      for (const kind of KINDS) {
        const scratch = `${kind.spec.table.split('.')[1]}_rebuild`;
        await tx.execute(`create temp table ${scratch} (like ${kind.spec.table} including defaults including indexes) on commit drop`);
        const rows = await tx.execute<EventRow[]>(
          `select event_id, stream_type, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at
             from safety.safety_events where stream_type = ? order by stream_id, stream_version`,
          [kind.streamType],
        );
        const streams = new Map<string, Folded<unknown> | undefined>();
        for (const row of rows) streams.set(row.stream_id, foldEnvelopes(kind.decider.evolve, streams.get(row.stream_id), kind.decider.initialState, [toEnvelope(row)]));
        for (const [id, folded] of streams) if (folded) await writeStateRow(tx, kind.spec, scratch, id, folded);
        events += rows.length;
        tables[kind.streamType] = await compare(tx, kind.spec.table, scratch);
      }
      return { ok: Object.values(tables).every((t) => t.differing === 0), events, tables };
    },
    { isolationLevel: 'repeatable read' },
  );
}

async function compare(tx: EntityManager, live: string, rebuilt: string) {
  const [row] = await tx.execute<{ live: number; rebuilt: number; differing: number }[]>(
    `select (select count(*) from ${live})::int as live, (select count(*) from ${rebuilt})::int as rebuilt,
            (select count(*) from ((select * from ${live} except all select * from ${rebuilt})
              union all (select * from ${rebuilt} except all select * from ${live})) d)::int as differing`,
  );
  return row;
}

function toEnvelope(row: EventRow): EventEnvelope {
  const meta = row.metadata as Pick<EventEnvelope, 'actor' | 'correlationId' | 'causationId' | 'changes'>;
  return {
    id: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    stream: { type: row.stream_type, id: row.stream_id, version: row.stream_version },
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: meta.actor,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    data: row.data,
    changes: meta.changes,
  };
}

/** `main.js rebuild` (`npm run rebuild:safety`): the consistency check as a command (exit 1 when the tables differ). */
export async function rebuildSafety(config: ServiceConfig): Promise<RebuildReport> {
  const orm = await MikroORM.init(serviceOrmOptions(safetyDatabase(config), config.database.directUrl, 'uehub-safety-rebuild'));
  try {
    return await rebuildAndCompare(orm.em.fork());
  } finally {
    await orm.close(true);
  }
}
