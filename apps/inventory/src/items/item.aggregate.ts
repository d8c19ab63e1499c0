import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import type { Aggregate, Folded, StatementPart, StreamProjection } from '@uehub/event-store';
import { itemDecider, type ItemCommand, type ItemState } from './item.decide';
import { itemRowOf, itemStatement, movementOf, movementStatement, type MovementColumns } from './item-projector';
import { itemRepository, snapshotOf } from './item.repository';
import { LIVE_TABLES } from './item-tables';

/** The item row is the state between commands; the projector writes what `evolveItem` computed. */
const itemProjection: StreamProjection<ItemState> = {
  async load(tx: EntityManager, id: string): Promise<Folded<ItemState> | undefined> {
    const row = await itemRepository.findAny(tx, id, true);
    if (!row) return undefined;
    return {
      state: { ...snapshotOf(row), deleted: row.deleted_at !== null },
      version: row.version,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  },
  // sent in the append's statement (the command path); `save` is the same writes one by one
  writes: itemWrites,
  async save(tx: EntityManager, id: string, folded: Folded<ItemState>, events: EventEnvelope[]): Promise<void> {
    for (const { sql, params } of itemWrites(id, folded, events)) await tx.execute(sql, params);
  },
};

/** The item row and the ledger lines of its new stock events. */
function itemWrites(id: string, folded: Folded<ItemState>, events: EventEnvelope[]): StatementPart[] {
  const item = itemRowOf(id, folded);
  const movements = events.map(movementOf).filter((m): m is MovementColumns => m !== undefined);
  return [...(item ? [itemStatement(LIVE_TABLES, [item], true)] : []), ...(movements.length > 0 ? [movementStatement(LIVE_TABLES, movements)] : [])];
}

/** Item streams for the command handler. */
export const itemAggregate: Aggregate<ItemState, ItemCommand> = {
  streamType: 'item',
  decider: itemDecider,
  projection: itemProjection,
};
