import type { INestApplicationContext } from '@nestjs/common';
import { migrateService, type ServiceDatabase } from '@uehub/database';
import { loadServiceConfig, startServiceApp, type ServiceConfig } from '@uehub/service-host';
import { safetyMigrations } from './migrations';
import { safetyEntities } from './safety-entities';
import { SafetyModule } from './safety.module';
import { loadSafetySettings, type SafetySettings } from './safety-settings';

/** Starts the safety service (no HTTP: it answers over NATS). */
export async function createSafetyApp(
  config: ServiceConfig = loadServiceConfig('safety'),
  settings: SafetySettings = loadSafetySettings(),
): Promise<INestApplicationContext> {
  return startServiceApp(SafetyModule.register(config, settings));
}

export function safetyDatabase(config: ServiceConfig): ServiceDatabase {
  return { service: 'safety', target: config.database, entities: safetyEntities, migrations: safetyMigrations };
}

/** Applies safety's migrations: an explicit start-up step, never run on module init. */
export function migrateSafety(config: ServiceConfig = loadServiceConfig('safety')): Promise<string[]> {
  return migrateService(safetyDatabase(config));
}
