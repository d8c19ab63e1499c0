import { pgConnectionOptions, type DatabaseTarget } from './database-url';
import { quoteIdent } from './ensure-database';

/**
 * What a service's runtime role may do in its schema (granted by `migrate`, run as the owner): use
 * the schema, read and write rows, use its sequences and functions; never own anything, so it can
 * neither drop a trigger nor grant itself more. Append-only tables (the audit log) get only
 * INSERT and SELECT. The grants are re-applied after every migration, so new tables are covered.
 */
export function runtimeGrantStatements(schema: string, runtimeRoles: readonly string[], appendOnlyTables: readonly string[] = []): string[] {
  if (runtimeRoles.length === 0) return [];
  const roles = runtimeRoles.map(quoteIdent).join(', ');
  const s = quoteIdent(schema);
  return [
    `grant usage on schema ${s} to ${roles}`,
    `grant select, insert, update, delete on all tables in schema ${s} to ${roles}`,
    `grant usage, select on all sequences in schema ${s} to ${roles}`,
    `grant execute on all functions in schema ${s} to ${roles}`,
    ...appendOnlyTables.map((table) => `revoke update, delete, truncate, references, trigger on ${table} from ${roles}`),
  ];
}

/** The URL migrations run on: `migrationUrl` (the owner) when set, else the direct URL. */
export function migrationUrlOf(target: DatabaseTarget): string {
  return target.migrationUrl ?? target.directUrl;
}

/** The login roles the service runs as (pooled and direct URL) that are not the migration's owner role. */
export function runtimeRolesOf(target: DatabaseTarget): string[] {
  const user = (url: string) => pgConnectionOptions(url, 'uehub').user;
  const owner = user(migrationUrlOf(target));
  return [...new Set([user(target.pooledUrl), user(target.directUrl)])].filter((role) => role !== owner);
}
