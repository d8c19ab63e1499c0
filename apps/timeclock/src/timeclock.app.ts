import type { INestApplicationContext } from '@nestjs/common';
import { migrateService, type ServiceDatabase } from '@uehub/database';
import { loadServiceConfig, startServiceApp, type ServiceConfig } from '@uehub/service-host';
import { timeclockMigrations } from './migrations';
import { timeclockEntities } from './timeclock-entities';
import type { PunchWindow } from './shifts/punch-time';
import { loadPunchWindow } from './timeclock-settings';
import { TimeclockModule } from './timeclock.module';

/** Starts the timeclock service (no HTTP: it answers over NATS). */
export async function createTimeclockApp(
  config: ServiceConfig = loadServiceConfig('timeclock'),
  punchWindow: PunchWindow = loadPunchWindow(),
): Promise<INestApplicationContext> {
  return startServiceApp(TimeclockModule.register(config, punchWindow));
}

export function timeclockDatabase(config: ServiceConfig): ServiceDatabase {
  return { service: 'timeclock', target: config.database, entities: timeclockEntities, migrations: timeclockMigrations };
}

/** Applies timeclock's migrations: an explicit start-up step, never run on module init. */
export function migrateTimeclock(config: ServiceConfig = loadServiceConfig('timeclock')): Promise<string[]> {
  return migrateService(timeclockDatabase(config));
}
