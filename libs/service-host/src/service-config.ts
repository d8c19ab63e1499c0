import { DEFAULT_SUBJECT_PREFIX, isValidSubjectPrefix } from '@uehub/contracts';
import { databaseTarget, DEFAULT_SLOW_QUERY_MS, type DatabaseTarget } from '@uehub/database';
import { DEFAULT_NATS_URL, natsAuthFromEnv, type NatsAuth } from '@uehub/messaging';
import { logLevelFrom, type LogLevel } from '@uehub/observability';

/** What every backend service reads from the environment. */
export interface ServiceConfig {
  service: string;
  subjectPrefix: string;
  natsUrl: string;
  /** This process's own NATS user (`NATS_USER`/`NATS_PASSWORD` or `NATS_NKEY_SEED_FILE`, TLS); required in production. */
  natsAuth?: NatsAuth;
  database: DatabaseTarget;
  production: boolean;
  /** `LOG_LEVEL` (default `info`, `error` under tests), applied by the entry point. */
  logLevel?: LogLevel;
  /** Port of the metrics and liveness listener (`METRICS_PORT`); none when absent. */
  metricsPort?: number;
  /** Queries slower than this (ms) are logged and counted (`SLOW_QUERY_MS`, default 1000). */
  slowQueryMs?: number;
  /** How long start-up waits for PostgreSQL and NATS (`STARTUP_TIMEOUT_SECONDS`, default 300). */
  startupTimeoutMs?: number;
  /** Published outbox rows are deleted after this long (`OUTBOX_RETENTION_DAYS`, default 7). */
  outboxRetentionMs?: number;
  /** Copies of the event stream (`NATS_STREAM_REPLICAS`, default 1; 3 on a three-node cluster). */
  streamReplicas?: number;
}

/** Reads and checks a service's configuration; a bad value stops start-up with a clear message. */
export function loadServiceConfig(service: string, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const subjectPrefix = env.NATS_SUBJECT_PREFIX ?? DEFAULT_SUBJECT_PREFIX;
  if (!isValidSubjectPrefix(subjectPrefix)) {
    throw new Error(`NATS_SUBJECT_PREFIX "${subjectPrefix}" is not valid: use letters, digits, '_' and '-', separated by dots`);
  }
  let database: DatabaseTarget;
  try {
    database = databaseTarget(service, env);
  } catch (error) {
    throw new Error(`Database configuration of ${service} is not valid: ${(error as Error).message}`);
  }
  const natsUrl = env.NATS_URL ?? DEFAULT_NATS_URL;
  const production = env.NODE_ENV === 'production';
  let natsAuth: NatsAuth;
  try {
    natsAuth = natsAuthFromEnv(env, natsUrl);
  } catch (error) {
    throw new Error(`NATS configuration of ${service} is not valid: ${(error as Error).message}`);
  }
  return {
    service,
    subjectPrefix,
    natsUrl,
    natsAuth,
    database,
    production,
    logLevel: logLevelFrom(env),
    metricsPort: env.METRICS_PORT ? integerVariable(env, 'METRICS_PORT', 0, 65535) : undefined,
    slowQueryMs: env.SLOW_QUERY_MS ? integerVariable(env, 'SLOW_QUERY_MS', 1, 3_600_000) : DEFAULT_SLOW_QUERY_MS,
    startupTimeoutMs: env.STARTUP_TIMEOUT_SECONDS ? integerVariable(env, 'STARTUP_TIMEOUT_SECONDS', 1, 86_400) * 1000 : undefined,
    streamReplicas: env.NATS_STREAM_REPLICAS ? integerVariable(env, 'NATS_STREAM_REPLICAS', 1, 5) : 1,
    outboxRetentionMs: env.OUTBOX_RETENTION_DAYS ? integerVariable(env, 'OUTBOX_RETENTION_DAYS', 1, 3650) * 86_400_000 : undefined,
  };
}

function integerVariable(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number {
  const value = Number(env[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} "${env[name]}" is not valid: use a whole number from ${min} to ${max}`);
  }
  return value;
}
