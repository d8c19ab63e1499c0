import type { MigrationObject } from '@mikro-orm/core';
import { outboxClaimsMigration, outboxTraceContextMigration } from '@uehub/event-store';
import { AUDIT_STORE_TABLES } from '../audit-tables';
import { InitAuditMigration } from './migration-20261201000000-init-audit';
import { AuditCheckpointsMigration } from './migration-20261210000000-audit-checkpoints';
import { AuditRetentionMigration } from './migration-20261220000000-audit-retention';

/** Migrations of the audit schema, in order; run by `main.js migrate`, never on start. */
export const auditMigrations: MigrationObject[] = [
  { name: 'Migration20261201000000_init_audit', class: InitAuditMigration },
  { name: 'Migration20261205000000_audit_outbox_claims', class: outboxClaimsMigration(AUDIT_STORE_TABLES) },
  { name: 'Migration20261210000000_audit_checkpoints', class: AuditCheckpointsMigration },
  { name: 'Migration20261220000000_audit_retention', class: AuditRetentionMigration },
  { name: 'Migration20270101000000_audit_outbox_trace_context', class: outboxTraceContextMigration(AUDIT_STORE_TABLES) },
];
