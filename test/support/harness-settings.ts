// Switches of the whole-system harness, read from the environment once.

export interface HarnessSettings {
  /** `TEST_THROUGH_PGBOUNCER=1`: every system gets a PgBouncer of its own (transaction mode) for its pooled URLs. */
  throughPgBouncer: boolean;
}

export function loadHarnessSettings(env: NodeJS.ProcessEnv = process.env): HarnessSettings {
  const value = env.TEST_THROUGH_PGBOUNCER ?? '';
  if (!['', '0', '1'].includes(value)) throw new Error(`TEST_THROUGH_PGBOUNCER must be 0 or 1, got "${value}"`);
  return { throughPgBouncer: value === '1' };
}
