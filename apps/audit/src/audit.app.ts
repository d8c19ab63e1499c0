import type { INestApplicationContext } from '@nestjs/common';
import { migrateService, type ServiceDatabase } from '@uehub/database';
import { loadServiceConfig, startServiceApp, type ServiceConfig } from '@uehub/service-host';
import { AuditModule } from './audit.module';
import type { AuditOptions } from './audit-options';
import { AUDIT_CHECKPOINTS, AUDIT_RECORDS } from './audit-tables';
import { auditMigrations } from './migrations';

/** Starts the audit service (no HTTP: it speaks NATS only). Migrations are a separate step. */
export async function createAuditApp(
  config: ServiceConfig = loadServiceConfig('audit'),
  options: AuditOptions = {},
): Promise<INestApplicationContext> {
  return startServiceApp(AuditModule.register(config, options));
}

export function auditDatabase(config: ServiceConfig): ServiceDatabase {
  // the runtime role may only add to the log and the checkpoints and read them
  return { service: 'audit', target: config.database, entities: [], migrations: auditMigrations, appendOnlyTables: [AUDIT_RECORDS, AUDIT_CHECKPOINTS] };
}

/** Applies pending audit migrations; returns the names applied (none when up to date). */
export async function migrateAudit(config: ServiceConfig = loadServiceConfig('audit')): Promise<string[]> {
  return migrateService(auditDatabase(config));
}
