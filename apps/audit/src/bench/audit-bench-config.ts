import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';

/** Settings of the audit ingest benchmark, read once from the environment. */
export interface AuditBenchConfig {
  /** The audit service's configuration (database and NATS from `AUDIT_DATABASE_URL`/`DATABASE_URL`, `NATS_URL`). */
  service: ServiceConfig;
  /** Events in the backlog (`BENCH_AUDIT_EVENTS`, default 20,000). */
  events: number;
  /** Longest wait for the backlog to be ingested, in seconds (`BENCH_SECONDS`, default 60). */
  seconds: number;
  /** Print one JSON line instead of text (`BENCH_JSON=1`), for `npm run bench`. */
  json: boolean;
}

export function loadAuditBenchConfig(env: NodeJS.ProcessEnv = process.env): AuditBenchConfig {
  const events = Number(env.BENCH_AUDIT_EVENTS ?? 20_000);
  const seconds = Number(env.BENCH_SECONDS ?? 60);
  if (!Number.isInteger(events) || events < 1 || events > 1_000_000) throw new Error(`BENCH_AUDIT_EVENTS "${env.BENCH_AUDIT_EVENTS}" is not valid: use 1 to 1,000,000`);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) throw new Error(`BENCH_SECONDS "${env.BENCH_SECONDS}" is not valid: use 1 to 600`);
  return { service: loadServiceConfig('audit', env), events, seconds, json: env.BENCH_JSON === '1' };
}
