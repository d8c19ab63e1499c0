import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import type { Aggregate, Folded, StreamProjection } from '@uehub/event-store';
import { itemDecider, type ItemCommand, type ItemState } from './item.decide';
import { itemRowOf, movementOf, writeItemAndMovements, type MovementColumns } from './item-projector';
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
  async save(tx: EntityManager, id: string, folded: Folded<ItemState>, events: EventEnvelope[]): Promise<void> {
    const movements = events.map(movementOf).filter((m): m is MovementColumns => m !== undefined);
    await writeItemAndMovements(tx, LIVE_TABLES, itemRowOf(id, folded), movements);
  },
};

/** Item streams for the command handler. */
export const itemAggregate: Aggregate<ItemState, ItemCommand> = {
  streamType: 'item',
  decider: itemDecider,
  projection: itemProjection,
};
