// The timeclock benchmark as a module (`npm run bench` may call runTimeclockBench): the system
// (auth, timeclock, gateway as their own processes, built) on a throw-away database and a
// nats-server of its own; clock-in/clock-out pairs through the gateway at each client count
// against pgbench running the same statements, as a ratio; then the payroll export of a week.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, ensureDatabase, openServiceOrm } from '@uehub/database';
import type { ServiceConfig } from '@uehub/service-host';
import { timeclockDatabase } from '../timeclock.app';
import { freePort, runToEnd, serviceMain, startNatsServer, startProcess, stopProcess, waitFor, type BenchProcess } from './bench-processes';
import { seedPayrollWeek, timePayrollExport, type PayrollFigures } from './payroll-week';
import { PGBENCH_INSTALL_HINT, runPgbench, seedPgbenchUsers } from './pgbench-baseline';
import { punchLoad, type PunchLoadFigures } from './punch-load';
import type { TimeclockBenchConfig } from './timeclock-bench-config';

export interface TimeclockBenchFigures {
  date: string;
  machine: { cpus: number; model: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  seconds: number;
  phases: { clients: number; gateway: PunchLoadFigures; pgbenchPairsPerSecond: number | null; ratio: number | null }[];
  payroll: PayrollFigures;
  /** Why there is no pgbench baseline, when there is none. */
  pgbenchMissing: string | null;
}

const PAYROLL_WEEK = '2026-01-05';
const BENCH_PASSWORD = `Bench-${randomUUID()}`;
const round = (n: number) => Math.round(n * 1000) / 1000;

export async function runTimeclockBench(config: TimeclockBenchConfig, log: (line: string) => void = () => undefined): Promise<TimeclockBenchFigures> {
  const loadAverageBefore = loadavg().map(round);
  const name = `uehub_bench_tc_${process.pid}`;
  const withDatabase = (raw: string) => Object.assign(new URL(raw), { pathname: `/${name}` }).toString();
  const databaseUrl = withDatabase(config.service.database.directUrl);
  const service: ServiceConfig = { ...config.service, database: { ...config.service.database, pooledUrl: databaseUrl, directUrl: databaseUrl } };
  await ensureDatabase(databaseUrl);
  const nats = await startNatsServer(config.natsServer);
  const running: BenchProcess[] = [];
  const orm = await openServiceOrm(timeclockDatabase(service));
  try {
    const env = { DATABASE_URL: databaseUrl, NATS_URL: nats.url, NATS_SUBJECT_PREFIX: `benchtc${process.pid}`, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
    const admin = { email: 'bench.admin@uehub.local', password: BENCH_PASSWORD };
    log('migrating auth and timeclock');
    for (const s of ['auth', 'timeclock']) await runToEnd(`${s} migrate`, process.execPath, [serviceMain(s), 'migrate'], env);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    running.push(startProcess('auth', process.execPath, [serviceMain('auth')], { ...env, BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password }));
    running.push(startProcess('timeclock', process.execPath, [serviceMain('timeclock')], env));
    running.push(startProcess('gateway', process.execPath, [serviceMain('gateway')], { ...env, PORT: String(port), LOGIN_RATE_LIMIT_PER_MINUTE: '100000' }));
    const maxClients = Math.max(...config.clients);
    log(`starting the system; ${maxClients} users`);
    const users = await signedInUsers(baseUrl, admin, maxClients, running);
    await punchLoad(baseUrl, users.tokens, 1); // warm-up
    const gateway: PunchLoadFigures[] = [];
    for (const clients of config.clients) {
      log(`gateway: ${clients} clients for ${config.seconds} s`);
      gateway.push(await punchLoad(baseUrl, users.tokens.slice(0, clients), config.seconds));
    }
    log(`payroll: ${config.payrollUsers} users`);
    await seedPayrollWeek(orm.em.fork(), config.payrollUsers, PAYROLL_WEEK);
    const payroll = await timePayrollExport(baseUrl, users.adminToken, PAYROLL_WEEK, config.payrollUsers);
    // the services stop before pgbench runs, so none of them works beside it (its outbox rows stay unpublished)
    for (const p of running.splice(0).reverse()) await stopProcess(p);
    const baseline: (number | null)[] = [];
    if (config.pgbench) {
      await seedPgbenchUsers(orm.em.fork(), maxClients);
      for (const clients of config.clients) {
        log(`pgbench: ${clients} clients for ${config.seconds} s`);
        baseline.push(await runPgbench(config.pgbench, databaseUrl, join(tmpdir(), `uehub-bench-${process.pid}.sql`), clients, config.seconds));
      }
    }
    return {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', loadAverageBefore, loadAverageAfter: loadavg().map(round) },
      seconds: config.seconds,
      phases: gateway.map((g, i) => {
        const pgbench = baseline[i] ?? null;
        return { clients: g.clients, gateway: g, pgbenchPairsPerSecond: pgbench, ratio: pgbench ? round(g.pairsPerSecond / pgbench) : null };
      }),
      payroll,
      pgbenchMissing: config.pgbench ? null : PGBENCH_INSTALL_HINT,
    };
  } finally {
    for (const p of running.reverse()) await stopProcess(p);
    await orm.close(true);
    await nats.stop();
    await dropDatabase(databaseUrl);
  }
}

/** Waits for the system, then makes `count` workers and signs each in (and the admin). */
async function signedInUsers(baseUrl: string, admin: { email: string; password: string }, count: number, watched: BenchProcess[]): Promise<{ adminToken: string; tokens: string[] }> {
  const login = async (email: string, password: string): Promise<string> => {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (response.status !== 200) throw new Error(`login of ${email}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  let adminToken = '';
  for (const p of watched) {
    await waitFor(`the system (${p.name} running, the admin signing in)`, 60_000, async () => {
      adminToken = await login(admin.email, admin.password);
      return true;
    }, p);
  }
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench.worker.${i}@uehub.local`;
    const created = await fetch(`${baseUrl}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: BENCH_PASSWORD, name: `Bench Worker ${i}`, role: 'worker' }),
    });
    if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${await created.text()}`);
    tokens.push(await login(email, BENCH_PASSWORD));
  }
  return { adminToken, tokens };
}
