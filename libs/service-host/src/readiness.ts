import type { MikroORM } from '@mikro-orm/postgresql';
import type { ServiceHealth } from '@uehub/contracts';
import type { NatsConnection } from '@uehub/messaging';

/**
 * Readiness of a service: the database answers, its tables exist, none of its
 * constraints is left NOT VALID, and the NATS connection is up.
 */
export async function checkReadiness(
  service: string,
  orm: MikroORM,
  nc: NatsConnection,
  schema: string,
  tables: string[],
): Promise<ServiceHealth> {
  const checks: ServiceHealth['checks'] = {};
  const em = orm.em.fork();
  try {
    await em.execute('select 1');
    checks.database = { ok: true };
    const found = await em.execute<{ table_name: string }[]>(
      `select table_name from information_schema.tables where table_schema = ? and table_name = any(?::text[])`,
      [schema, `{${tables.join(',')}}`],
    );
    const missing = tables.filter((t) => !found.some((row) => row.table_name === t));
    checks.tables = missing.length ? { ok: false, detail: `missing: ${missing.join(', ')}` } : { ok: true };
    const invalid = await em.execute<{ conname: string }[]>(
      `select c.conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = ? and not c.convalidated`,
      [schema],
    );
    checks.constraints = invalid.length
      ? { ok: false, detail: `not validated: ${invalid.map((c) => c.conname).join(', ')}` }
      : { ok: true };
  } catch (error) {
    checks.database = { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  checks.nats = nc.isClosed() ? { ok: false, detail: 'closed' } : { ok: true };
  return { service, ready: Object.values(checks).every((c) => c.ok), checks };
}
