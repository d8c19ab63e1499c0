import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { migrateService, type ServiceDatabase } from '@uehub/database';
import { nestLogger } from '@uehub/observability';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { AuditModule } from './audit.module';
import type { AuditOptions } from './audit-options';
import { auditMigrations } from './migrations';

/** Starts the audit service (no HTTP: it speaks NATS only). Migrations are a separate step. */
export async function createAuditApp(
  config: ServiceConfig = loadServiceConfig('audit'),
  options: AuditOptions = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AuditModule.register(config, options), { logger: nestLogger() });
  app.enableShutdownHooks();
  return app;
}

export function auditDatabase(config: ServiceConfig): ServiceDatabase {
  return { service: 'audit', target: config.database, entities: [], migrations: auditMigrations };
}

/** Applies pending audit migrations; returns the names applied (none when up to date). */
export async function migrateAudit(config: ServiceConfig = loadServiceConfig('audit')): Promise<string[]> {
  return migrateService(auditDatabase(config));
}
