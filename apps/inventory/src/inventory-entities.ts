import { ItemRecord } from './items/item.entity';
import { MovementRecord } from './items/movement.entity';
import { UserRefRecord } from './users/user-ref.entity';

/** Inventory's read-model tables as entities: the ORM's metadata (typed reads), matching what the migrations make. */
export const inventoryEntities = [ItemRecord, MovementRecord, UserRefRecord];
