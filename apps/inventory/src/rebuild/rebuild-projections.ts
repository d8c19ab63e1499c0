import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { compareWithReplay, foldEnvelopes, readStoredEnvelopes, scratchTableOf, storeTables, type Folded, type RebuildReport, type RebuildTarget } from '@uehub/event-store';
import { rebuildCommand, type ServiceConfig } from '@uehub/service-host';
import { readUserEvents, userReplicaTarget } from '@uehub/user-replica';
import { inventoryDatabase } from '../inventory.app';
import { evolveItem, type ItemState } from '../items/item.decide';
import { itemRowOf, movementOf, writeItemRows, writeMovementRows, type ItemColumns, type MovementColumns } from '../items/item-projector';
import { ITEM_COLUMNS, LIVE_TABLES, MOVEMENT_COLUMNS } from '../items/item-tables';
import { INVENTORY_REPLICA } from '../users/inventory-replica';

const EVENTS = storeTables('inventory').events;

/** The ledger: filled by the item pass (one line per stock event, `movementOf`). */
const movements: RebuildTarget = { name: 'movements', live: LIVE_TABLES.movements, columns: MOVEMENT_COLUMNS };

/**
 * Items: each stream folded from its first event through the pure `evolveItem`, and the ledger
 * in the same pass over the events, a page at a time (each page written with one statement per table).
 */
const items: RebuildTarget = {
  name: 'items',
  live: LIVE_TABLES.items,
  columns: ITEM_COLUMNS,
  async fill(tx) {
    const scratch = { items: scratchTableOf(LIVE_TABLES.items), movements: scratchTableOf(LIVE_TABLES.movements) };
    let stream: { id: string; folded: Folded<ItemState> | undefined } | undefined;
    const rows: ItemColumns[] = [];
    const flush = () => {
      const row = stream?.folded && itemRowOf(stream.id, stream.folded);
      if (row) rows.push(row);
    };
    const events = await readStoredEnvelopes(tx, EVENTS, ['item'], async (page) => {
      const lines: MovementColumns[] = [];
      for (const envelope of page) {
        if (stream?.id !== envelope.stream.id) {
          flush();
          stream = { id: envelope.stream.id, folded: undefined };
        }
        stream.folded = foldEnvelopes(evolveItem, stream.folded, null, [envelope]);
        const line = movementOf(envelope);
        if (line) lines.push(line);
      }
      await writeMovementRows(tx, scratch, lines);
      await writeItemRows(tx, scratch, rows.splice(0), false);
    });
    flush();
    await writeItemRows(tx, scratch, rows, false);
    return { events };
  },
};

/**
 * Inventory's consistency check: items, the ledger and the user replica rebuilt from events
 * through the pure evolve functions and compared with the live tables (see `compareWithReplay`).
 */
export function rebuildAndCompare(em: EntityManager, userEvents: () => Promise<EventEnvelope[]>): Promise<RebuildReport> {
  return compareWithReplay(em, [items, movements, userReplicaTarget(INVENTORY_REPLICA, userEvents)]);
}

/** `main.js rebuild`: the consistency check as a command (exit 1 when the tables differ). */
export function rebuildInventory(config: ServiceConfig): Promise<RebuildReport> {
  return rebuildCommand(config, inventoryDatabase(config), (nc) => [items, movements, userReplicaTarget(INVENTORY_REPLICA, () => readUserEvents(nc, config.subjectPrefix))]);
}
