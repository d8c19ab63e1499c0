import type { MigrationObject } from '@mikro-orm/core';
import { idempotencyMigration, outOfBandMigration, outboxClaimsMigration, outboxTraceContextMigration, storeTables } from '@uehub/event-store';
import { SafetyEvidenceMigration } from './evidence.migration';
import { SafetyInitMigration } from './init.migration';
import { SafetySchedulesMigration } from './schedules.migration';

/** The projections (product tables) whose out-of-band changes are captured (written only by the command path and consumers). */
const SAFETY_PROJECTION_TABLES = ['safety.safety_templates', 'safety.safety_checklists', 'safety.safety_actions', 'safety.safety_schedules', 'safety.safety_schedule_occurrences', 'safety.safety_user_refs'];

/** Safety's migrations in order; names never change once released. */
export const safetyMigrations: MigrationObject[] = [
  { name: 'Migration20261127230000_safety_init', class: SafetyInitMigration },
  { name: 'Migration20261127230100_safety_outbox_claims', class: outboxClaimsMigration(storeTables('safety')) },
  { name: 'Migration20261127230200_safety_idempotency', class: idempotencyMigration(storeTables('safety')) },
  { name: 'Migration20261127230300_safety_evidence', class: SafetyEvidenceMigration },
  { name: 'Migration20261128010000_safety_schedules', class: SafetySchedulesMigration },
  { name: 'Migration20261228000000_safety_out_of_band', class: outOfBandMigration(storeTables('safety'), SAFETY_PROJECTION_TABLES) },
  { name: 'Migration20270101000000_safety_outbox_trace_context', class: outboxTraceContextMigration(storeTables('safety')) },
];

/** Tables readiness checks for. */
export const safetyTables = ['safety_events', 'safety_outbox', 'safety_templates', 'safety_checklists', 'safety_actions', 'safety_user_refs', 'safety_idempotency', 'safety_schedules', 'safety_schedule_occurrences'];
