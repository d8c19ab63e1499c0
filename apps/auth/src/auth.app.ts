import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { migrateService } from '@uehub/database';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { AuthModule, authEntities } from './auth.module';
import { authMigrations } from './migrations';

/** Starts the auth service (no HTTP: it answers over NATS). */
export async function createAuthApp(config: ServiceConfig = loadServiceConfig('auth')): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AuthModule.register(config), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  return app;
}

/** Applies auth's migrations: an explicit start-up step, never run on module init. */
export function migrateAuth(config: ServiceConfig = loadServiceConfig('auth')): Promise<string[]> {
  return migrateService({ service: 'auth', target: config.database, entities: authEntities, migrations: authMigrations });
}
