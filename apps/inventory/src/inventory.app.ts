import type { INestApplicationContext } from '@nestjs/common';
import { migrateService, type ServiceDatabase } from '@uehub/database';
import { loadServiceConfig, startServiceApp, type ServiceConfig } from '@uehub/service-host';
import { InventoryModule } from './inventory.module';
import { inventoryEntities } from './inventory-entities';
import { inventoryMigrations } from './migrations';

/** Starts the inventory service (no HTTP: it answers over NATS). */
export async function createInventoryApp(config: ServiceConfig = loadServiceConfig('inventory')): Promise<INestApplicationContext> {
  return startServiceApp(InventoryModule.register(config));
}

export function inventoryDatabase(config: ServiceConfig): ServiceDatabase {
  return { service: 'inventory', target: config.database, entities: inventoryEntities, migrations: inventoryMigrations };
}

/** Applies inventory's migrations: an explicit start-up step, never run on module init. */
export function migrateInventory(config: ServiceConfig = loadServiceConfig('inventory')): Promise<string[]> {
  return migrateService(inventoryDatabase(config));
}
