import type { MigrationObject } from '@mikro-orm/core';
import { idempotencyMigration, outboxClaimsMigration, storeTables } from '@uehub/event-store';
import { SafetyEvidenceMigration } from './evidence.migration';
import { SafetyInitMigration } from './init.migration';
import { SafetySchedulesMigration } from './schedules.migration';

/** Safety's migrations in order; names never change once released. */
export const safetyMigrations: MigrationObject[] = [
  { name: 'Migration20261127230000_safety_init', class: SafetyInitMigration },
  { name: 'Migration20261127230100_safety_outbox_claims', class: outboxClaimsMigration(storeTables('safety')) },
  { name: 'Migration20261127230200_safety_idempotency', class: idempotencyMigration(storeTables('safety')) },
  { name: 'Migration20261127230300_safety_evidence', class: SafetyEvidenceMigration },
  { name: 'Migration20261128010000_safety_schedules', class: SafetySchedulesMigration },
];

/** Tables readiness checks for. */
export const safetyTables = ['safety_events', 'safety_outbox', 'safety_templates', 'safety_checklists', 'safety_actions', 'safety_user_refs', 'safety_idempotency', 'safety_schedules', 'safety_schedule_occurrences'];
