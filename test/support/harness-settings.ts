// Switches of the whole-system harness, read from the environment once.

export interface HarnessSettings {
  /** `TEST_THROUGH_PGBOUNCER=1`: every system gets a PgBouncer of its own (transaction mode) for its pooled URLs. */
  throughPgBouncer: boolean;
  /** `TEST_LEAST_PRIVILEGE=1`: every service migrates as an owner role and runs as a runtime role of its own. */
  leastPrivilege: boolean;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name] ?? '';
  if (!['', '0', '1'].includes(value)) throw new Error(`${name} must be 0 or 1, got "${value}"`);
  return value === '1';
}

export function loadHarnessSettings(env: NodeJS.ProcessEnv = process.env): HarnessSettings {
  return { throughPgBouncer: flag(env, 'TEST_THROUGH_PGBOUNCER'), leastPrivilege: flag(env, 'TEST_LEAST_PRIVILEGE') };
}
