import type { MigrationObject } from '@mikro-orm/core';
import { idempotencyMigration, outOfBandMigration, outboxClaimsMigration, outboxTraceContextMigration, storeTables } from '@uehub/event-store';
import { InventoryInitMigration } from './init.migration';
import { InventoryMinQtyMigration } from './min-qty.migration';
import { InventorySearchMigration } from './search-and-reports.migration';

/** The projections (product tables) whose out-of-band changes are captured (written only by the command path and consumers). */
const INVENTORY_PROJECTION_TABLES = ['inventory.inventory_items', 'inventory.inventory_movements', 'inventory.inventory_user_refs'];

/** Inventory's migrations in order; names never change once released. */
export const inventoryMigrations: MigrationObject[] = [
  { name: 'Migration20261127100000_inventory_init', class: InventoryInitMigration },
  { name: 'Migration20261127100100_inventory_min_qty', class: InventoryMinQtyMigration },
  { name: 'Migration20261127100200_inventory_search_and_reports', class: InventorySearchMigration },
  { name: 'Migration20261205000000_inventory_outbox_claims', class: outboxClaimsMigration(storeTables('inventory')) },
  { name: 'Migration20261207100000_inventory_idempotency', class: idempotencyMigration(storeTables('inventory')) },
  { name: 'Migration20261228000000_inventory_out_of_band', class: outOfBandMigration(storeTables('inventory'), INVENTORY_PROJECTION_TABLES) },
  { name: 'Migration20270101000000_inventory_outbox_trace_context', class: outboxTraceContextMigration(storeTables('inventory')) },
];

/** Tables readiness checks for. */
export const inventoryTables = ['inventory_events', 'inventory_outbox', 'inventory_items', 'inventory_movements', 'inventory_user_refs', 'inventory_idempotency'];
