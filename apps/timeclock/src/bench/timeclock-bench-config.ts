import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';

/** Settings of the timeclock benchmark, read once from the environment. */
export interface TimeclockBenchConfig {
  /** Timeclock's configuration: the bench database is made beside `TIMECLOCK_DATABASE_URL`/`DATABASE_URL`. */
  service: ServiceConfig;
  /** Length of each load phase in seconds (`BENCH_SECONDS`, default 5). */
  seconds: number;
  /** Concurrent clients of each phase (`BENCH_TIMECLOCK_CLIENTS`, default `8,32`). */
  clients: number[];
  /** Users of the payroll week (`BENCH_TIMECLOCK_PAYROLL_USERS`, default 1,000). */
  payrollUsers: number;
  /** Print one JSON line instead of text (`BENCH_JSON=1`), for `npm run bench`. */
  json: boolean;
  /** The pgbench binary (`BENCH_PGBENCH`, else found on PATH or in /usr/lib/postgresql/<n>/bin); null when there is none. */
  pgbench: string | null;
  /** The nats-server binary the bench runs its own server with (`BENCH_NATS_SERVER`, else PATH or /usr/sbin). */
  natsServer: string;
}

/** A program on PATH or in one of `also`, or null. */
function findProgram(name: string, path: string | undefined, also: string[]): string | null {
  const dirs = [...(path ?? '').split(delimiter).filter(Boolean), ...also];
  return dirs.map((dir) => join(dir, name)).find((file) => existsSync(file)) ?? null;
}

function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

function intIn(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} "${raw}" is not valid: use a whole number from ${min} to ${max}`);
  return value;
}

export function loadTimeclockBenchConfig(env: NodeJS.ProcessEnv = process.env): TimeclockBenchConfig {
  const clients = (env.BENCH_TIMECLOCK_CLIENTS ?? '8,32').split(',').map((c) => intIn('BENCH_TIMECLOCK_CLIENTS', c.trim(), 8, 1, 256));
  return {
    service: loadServiceConfig('timeclock', env),
    seconds: intIn('BENCH_SECONDS', env.BENCH_SECONDS, 5, 1, 600),
    clients,
    payrollUsers: intIn('BENCH_TIMECLOCK_PAYROLL_USERS', env.BENCH_TIMECLOCK_PAYROLL_USERS, 1000, 1, 100_000),
    json: env.BENCH_JSON === '1',
    pgbench: env.BENCH_PGBENCH ?? findProgram('pgbench', env.PATH, postgresBinDirs()),
    natsServer: env.BENCH_NATS_SERVER ?? findProgram('nats-server', env.PATH, ['/usr/sbin', '/usr/local/bin']) ?? 'nats-server',
  };
}
