import type { MigrationObject } from '@mikro-orm/core';
import { idempotencyMigration, outOfBandMigration, outboxClaimsMigration, outboxTraceContextMigration, storeTables } from '@uehub/event-store';
import { TimeclockInitMigration } from './init.migration';
import { TimeclockTimesheetsMigration } from './timesheets.migration';
import { TimeclockCorrectionRequestsMigration } from './correction-requests.migration';

/** The projections (product tables) whose out-of-band changes are captured (written only by the command path and consumers). */
const TIMECLOCK_PROJECTION_TABLES = ['timeclock.timeclock_shifts', 'timeclock.timeclock_timesheets', 'timeclock.timeclock_settings', 'timeclock.timeclock_correction_requests', 'timeclock.timeclock_user_refs'];

/** Timeclock's migrations in order; names never change once released. */
export const timeclockMigrations: MigrationObject[] = [
  { name: 'Migration20261210000000_timeclock_init', class: TimeclockInitMigration },
  { name: 'Migration20261210000100_timeclock_outbox_claims', class: outboxClaimsMigration(storeTables('timeclock')) },
  { name: 'Migration20261210000200_timeclock_idempotency', class: idempotencyMigration(storeTables('timeclock')) },
  { name: 'Migration20261210000300_timeclock_timesheets', class: TimeclockTimesheetsMigration },
  { name: 'Migration20261210000400_timeclock_correction_requests', class: TimeclockCorrectionRequestsMigration },
  { name: 'Migration20261228000000_timeclock_out_of_band', class: outOfBandMigration(storeTables('timeclock'), TIMECLOCK_PROJECTION_TABLES) },
  { name: 'Migration20270101000000_timeclock_outbox_trace_context', class: outboxTraceContextMigration(storeTables('timeclock')) },
];

/** Tables readiness checks for. */
export const timeclockTables = ['timeclock_events', 'timeclock_outbox', 'timeclock_idempotency', 'timeclock_user_refs', 'timeclock_shifts', 'timeclock_settings', 'timeclock_timesheets', 'timeclock_correction_requests'];
