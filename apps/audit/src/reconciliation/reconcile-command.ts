import type { MikroORM } from '@mikro-orm/postgresql';
import { RPC_SERVICES } from '@uehub/contracts';
import { databaseTarget, openServiceOrm, type DatabaseTarget } from '@uehub/database';
import type { ServiceConfig } from '@uehub/service-host';
import { reconcileAudit, type Query, type ReconcileResult } from './reconcile';

/** The services with an event store (every backend service but audit itself). */
export const STORE_SERVICES = RPC_SERVICES.filter((service) => service !== 'audit');

/** Reads `--grace <seconds>`: events younger than that are not compared yet (default 300). */
export function graceArgument(args: string[]): number | undefined {
  const index = args.indexOf('--grace');
  if (index < 0) return undefined;
  const text = args[index + 1];
  if (!text || !/^\d{1,7}$/.test(text)) throw new Error('Usage: audit:reconcile [--grace <seconds>] (--grace needs a whole number of seconds)');
  return Number(text) * 1000;
}

const queryOf =
  (orm: MikroORM): Query =>
  <T extends object>(sql: string, params: unknown[]) =>
    orm.em.fork().execute<T[]>(sql, params);

/**
 * `main.js audit:reconcile`: compares every service's event store with the audit log by event
 * id. Each store is read through its own service's database URL (`<SERVICE>_DATABASE_URL`,
 * else `DATABASE_URL`), so stores in other databases work; one connection per distinct URL.
 */
export async function reconcileCommand(config: ServiceConfig, args: string[]): Promise<ReconcileResult> {
  const graceMs = graceArgument(args);
  const orms = new Map<string, Promise<MikroORM>>();
  const open = (service: string, target: DatabaseTarget) => {
    if (!orms.has(target.pooledUrl)) orms.set(target.pooledUrl, openServiceOrm({ service, target, entities: [], migrations: [] }));
    return orms.get(target.pooledUrl)!;
  };
  try {
    const audit = queryOf(await open('audit', config.database));
    const stores = await Promise.all(STORE_SERVICES.map(async (service) => ({ service, query: queryOf(await open(service, databaseTarget(service))) })));
    return await reconcileAudit(audit, stores, { graceMs });
  } finally {
    for (const orm of orms.values()) await (await orm).close(true);
  }
}
