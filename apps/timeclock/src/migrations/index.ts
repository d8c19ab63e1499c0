import type { MigrationObject } from '@mikro-orm/core';
import { idempotencyMigration, outboxClaimsMigration, storeTables } from '@uehub/event-store';
import { TimeclockInitMigration } from './init.migration';
import { TimeclockTimesheetsMigration } from './timesheets.migration';
import { TimeclockCorrectionRequestsMigration } from './correction-requests.migration';

/** Timeclock's migrations in order; names never change once released. */
export const timeclockMigrations: MigrationObject[] = [
  { name: 'Migration20261210000000_timeclock_init', class: TimeclockInitMigration },
  { name: 'Migration20261210000100_timeclock_outbox_claims', class: outboxClaimsMigration(storeTables('timeclock')) },
  { name: 'Migration20261210000200_timeclock_idempotency', class: idempotencyMigration(storeTables('timeclock')) },
  { name: 'Migration20261210000300_timeclock_timesheets', class: TimeclockTimesheetsMigration },
  { name: 'Migration20261210000400_timeclock_correction_requests', class: TimeclockCorrectionRequestsMigration },
];

/** Tables readiness checks for. */
export const timeclockTables = ['timeclock_events', 'timeclock_outbox', 'timeclock_idempotency', 'timeclock_user_refs', 'timeclock_shifts', 'timeclock_settings', 'timeclock_timesheets', 'timeclock_correction_requests'];
