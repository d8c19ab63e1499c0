import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { serviceOrmOptions } from '@uehub/database';
import type { ServiceConfig } from '@uehub/service-host';
import { inventoryDatabase } from '../inventory.app';
import { foldEnvelopes, type Folded } from '@uehub/event-store';
import { evolveItem, type ItemState } from '../items/item.decide';
import { itemRowOf, movementOf, writeItemRows, writeMovementRows, type ItemColumns, type MovementColumns } from '../items/item-projector';
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

/** Events per page: large pages, each written with one statement per table (issue 12). */
const PAGE = 5000;

/**
 * Rebuilds the item projections from inventory's events into temporary tables and compares
 * them with the live ones, row by row, in one REPEATABLE READ transaction (so events and
 * live rows are read from the same snapshot while the service keeps running). The rebuild
 * folds the events in memory through the pure `evolveItem` (and `movementOf` for the
 * ledger), an independent path from the command handler that wrote the live rows.
 */
export async function rebuildAndCompare(em: EntityManager): Promise<RebuildReport> {
  return em.transactional(
    async (tx) => {
      await tx.execute(`create temp table inventory_items_rebuild (like ${LIVE_TABLES.items} including defaults) on commit drop`);
      await tx.execute(`create temp table inventory_movements_rebuild (like ${LIVE_TABLES.movements} including defaults) on commit drop`);
      let events = 0;
      let stream: { id: string; folded: Folded<ItemState> | undefined } | undefined;
      const items: ItemColumns[] = [];
      const flushStream = () => {
        const row = stream?.folded && itemRowOf(stream.id, stream.folded);
        if (row) items.push(row);
      };
      // the next page is asked for as soon as this one arrived, so PostgreSQL reads it while this one is folded
      const page = (from: { streamId: string; version: number }) => {
        const rows = tx.execute<EventRow[]>(
          `select event_id, stream_type, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at
             from inventory.inventory_events where stream_type = 'item' and (stream_id, stream_version) > (?::uuid, ?)
            order by stream_id, stream_version limit ?`,
          [from.streamId, from.version, PAGE],
        );
        rows.catch(() => undefined); // a failure is thrown where the page is awaited, never left unhandled
        return rows;
      };
      for (let next: Promise<EventRow[]> | undefined = page({ streamId: '00000000-0000-0000-0000-000000000000', version: 0 }); next; ) {
        const rows: EventRow[] = await next;
        const last = rows[rows.length - 1];
        next = rows.length < PAGE ? undefined : page({ streamId: last.stream_id, version: last.stream_version });
        const movements: MovementColumns[] = [];
        for (const row of rows) {
          const envelope = toEnvelope(row);
          if (stream?.id !== row.stream_id) {
            flushStream();
            stream = { id: row.stream_id, folded: undefined };
          }
          stream.folded = foldEnvelopes(evolveItem, stream.folded, null, [envelope]);
          const movement = movementOf(envelope);
          if (movement) movements.push(movement);
        }
        await writeMovementRows(tx, REBUILD_TABLES, movements);
        await writeItemRows(tx, REBUILD_TABLES, items.splice(0), false);
        events += rows.length;
      }
      flushStream();
      await writeItemRows(tx, REBUILD_TABLES, items, false);
      const itemCheck = await compare(tx, LIVE_TABLES.items, REBUILD_TABLES.items, ITEM_COLUMNS);
      const movementCheck = await compare(tx, LIVE_TABLES.movements, REBUILD_TABLES.movements, MOVEMENT_COLUMNS);
      return { ok: itemCheck.differing === 0 && movementCheck.differing === 0, events, items: itemCheck, movements: movementCheck };
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
