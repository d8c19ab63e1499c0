import type { MigrationObject } from '@mikro-orm/core';
import { idempotencyMigration, outOfBandMigration, outboxClaimsMigration, outboxTraceContextMigration, storeTables } from '@uehub/event-store';
import { AuthInitMigration } from './init.migration';
import { AuthSigningKeyEncryptionMigration } from './signing-key-encryption.migration';

/** The projections (product tables) whose out-of-band changes are captured (written only by the command path and consumers). */
const AUTH_PROJECTION_TABLES = ['auth.auth_user'];

/** Auth's migrations in order; names never change once released. */
export const authMigrations: MigrationObject[] = [
  { name: 'Migration20261127000000_auth_init', class: AuthInitMigration },
  { name: 'Migration20261205000000_auth_outbox_claims', class: outboxClaimsMigration(storeTables('auth')) },
  { name: 'Migration20261206000000_auth_signing_key_encryption', class: AuthSigningKeyEncryptionMigration },
  { name: 'Migration20261207000000_auth_idempotency', class: idempotencyMigration(storeTables('auth')) },
  { name: 'Migration20261228000000_auth_out_of_band', class: outOfBandMigration(storeTables('auth'), AUTH_PROJECTION_TABLES) },
  { name: 'Migration20270101000000_auth_outbox_trace_context', class: outboxTraceContextMigration(storeTables('auth')) },
];

/** Tables readiness checks for. */
export const authTables = [
  'auth_events',
  'auth_outbox',
  'auth_user',
  'auth_credentials',
  'auth_login_guard',
  'auth_refresh_tokens',
  'auth_signing_keys',
  'auth_idempotency',
];
