import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';

/** Settings of inventory's rebuild benchmark, read once from the environment. */
export interface RebuildBenchConfig {
  /** Inventory's configuration (database from `INVENTORY_DATABASE_URL`/`DATABASE_URL`). */
  service: ServiceConfig;
  /** Events in the generated history (`BENCH_REBUILD_EVENTS`, default 66,000, as in issue 12). */
  events: number;
  /** Print one JSON line instead of text (`BENCH_JSON=1`), for `npm run bench`. */
  json: boolean;
}

export function loadRebuildBenchConfig(env: NodeJS.ProcessEnv = process.env): RebuildBenchConfig {
  const events = Number(env.BENCH_REBUILD_EVENTS ?? 66_000);
  if (!Number.isInteger(events) || events < 10 || events > 2_000_000) {
    throw new Error(`BENCH_REBUILD_EVENTS "${env.BENCH_REBUILD_EVENTS}" is not valid: use 10 to 2,000,000`);
  }
  return { service: loadServiceConfig('inventory', env), events, json: env.BENCH_JSON === '1' };
}
