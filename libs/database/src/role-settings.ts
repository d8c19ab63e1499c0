// A transaction-mode pooler (PgBouncer, Neon's `-pooler` host) refuses the startup packet's
// `options`, so on a pooled URL the session settings must be defaults of the role instead.
import { createLogger } from '@uehub/observability';
import { pgConnectionOptions, SESSION_SETTINGS, type DatabaseTarget } from './database-url';
import { quoteIdent } from './ensure-database';

const log = createLogger('database');

type Execute = (sql: string) => Promise<unknown>;
type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** The `alter role … in database … set …` statements that make SESSION_SETTINGS the pooled role's defaults. */
export function roleSettingStatements(target: DatabaseTarget): string[] {
  const { user, database } = pgConnectionOptions(target.pooledUrl, 'uehub');
  return Object.entries(SESSION_SETTINGS).map(
    ([name, value]) => `alter role ${quoteIdent(user)} in database ${quoteIdent(database)} set ${name} = '${value}'`,
  );
}

/**
 * Sets the session settings on the pooled URL's role (run on the direct URL by `migrate`).
 * A role that may not do so only gets a warning: the service's start-up check then names the fix.
 */
export async function setPooledRoleSettings(target: DatabaseTarget, execute: Execute): Promise<void> {
  try {
    for (const statement of roleSettingStatements(target)) await execute(statement);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    log.warn({ statements: roleSettingStatements(target) }, 'this role may not set the pooled role\'s session settings: run these as its owner');
  }
}

/** What `pg_settings` holds for a SESSION_SETTINGS value (time in ms, as its unit is). */
function asStored(value: string): string {
  const seconds = /^(\d+)s$/.exec(value);
  return seconds ? String(Number(seconds[1]) * 1000) : value;
}

/** The session settings not in force on the connection `query` runs on, as `name=actual (want value)`. */
export async function missingSessionSettings(query: Query): Promise<string[]> {
  const names = Object.keys(SESSION_SETTINGS).map((name) => `'${name}'`).join(', ');
  const rows = await query(`select name, setting from pg_settings where name in (${names})`);
  const actual = new Map(rows.map((row) => [String(row.name), String(row.setting)]));
  return Object.entries(SESSION_SETTINGS)
    .filter(([name, value]) => actual.get(name) !== asStored(value))
    .map(([name, value]) => `${name}=${actual.get(name) ?? '?'} (want ${value})`);
}
