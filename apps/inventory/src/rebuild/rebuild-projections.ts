import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { serviceOrmOptions } from '@uehub/database';
import type { ServiceConfig } from '@uehub/service-host';
import { inventoryDatabase } from '../inventory.app';
import { projectItemEvent } from '../items/item-projector';
import { ITEM_COLUMNS, LIVE_TABLES, MOVEMENT_COLUMNS, REBUILD_TABLES } from '../items/item-tables';

export interface RebuildReport {
  ok: boolean;
  events: number;
  items: { live: number; rebuilt: number; differing: number };
  movements: { live: number; rebuilt: number; differing: number };
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

const BATCH = 1000;

/**
 * Rebuilds the item projections from inventory's events into temporary tables and compares
 * them with the live ones, row by row, in one REPEATABLE READ transaction (so events and
 * live rows are read from the same snapshot while the service keeps running).
 */
export async function rebuildAndCompare(em: EntityManager): Promise<RebuildReport> {
  return em.transactional(
    async (tx) => {
      await tx.execute(`create temp table inventory_items_rebuild (like ${LIVE_TABLES.items} including defaults) on commit drop`);
      await tx.execute(`create temp table inventory_movements_rebuild (like ${LIVE_TABLES.movements} including defaults) on commit drop`);
      let events = 0;
      let after = { streamId: '00000000-0000-0000-0000-000000000000', version: 0 };
      for (;;) {
        const rows = await tx.execute<EventRow[]>(
          `select event_id, stream_type, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at
             from inventory.inventory_events where stream_type = 'item' and (stream_id, stream_version) > (?::uuid, ?)
            order by stream_id, stream_version limit ?`,
          [after.streamId, after.version, BATCH],
        );
        for (const row of rows) await projectItemEvent(tx, REBUILD_TABLES, toEnvelope(row));
        events += rows.length;
        if (rows.length < BATCH) break;
        const last = rows[rows.length - 1];
        after = { streamId: last.stream_id, version: last.stream_version };
      }
      const items = await compare(tx, LIVE_TABLES.items, REBUILD_TABLES.items, ITEM_COLUMNS);
      const movements = await compare(tx, LIVE_TABLES.movements, REBUILD_TABLES.movements, MOVEMENT_COLUMNS);
      return { ok: items.differing === 0 && movements.differing === 0, events, items, movements };
    },
    { isolationLevel: 'repeatable read' },
  );
}

async function compare(tx: EntityManager, live: string, rebuilt: string, columns: string) {
  const [row] = await tx.execute<{ live: number; rebuilt: number; differing: number }[]>(
    `select (select count(*) from ${live})::int as live, (select count(*) from ${rebuilt})::int as rebuilt,
            (select count(*) from ((select ${columns} from ${live} except all select ${columns} from ${rebuilt})
              union all (select ${columns} from ${rebuilt} except all select ${columns} from ${live})) d)::int as differing`,
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

/** `main.js rebuild`: the consistency check as a command (exit 1 when the tables differ). */
export async function rebuildInventory(config: ServiceConfig): Promise<RebuildReport> {
  const db = inventoryDatabase(config);
  const orm = await MikroORM.init(serviceOrmOptions(db, config.database.directUrl, 'uehub-inventory-rebuild'));
  try {
    return await rebuildAndCompare(orm.em.fork());
  } finally {
    await orm.close(true);
  }
}
