// `npm run bench:write`: only the write rows of `npm run bench` (a stock movement through the
// gateway at 8 and 32 clients against pgbench of the same transaction), for a quick before/after.
// Same system, settings and load as the full bench (scripts/bench/*); prints one JSON line.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import './check-node.mjs';
import { loadBenchConfig } from './bench/bench-config.mjs';
import { api, httpLoad, pgbench } from './bench/bench-load.mjs';
import { startBenchSystem } from './bench/bench-system.mjs';
import { baselineSchema, WRITE_SQL } from './bench/baseline-sql.mjs';
import pg from 'pg';

const config = loadBenchConfig();
const resultsDir = resolve('bench/results');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const logDir = join(resultsDir, `logs-write-${stamp}`);
mkdirSync(logDir, { recursive: true });
const withBaseline = process.env.BENCH_BASELINE !== '0';

const system = await startBenchSystem(config, logDir);
const rows = [];
try {
  const { accessToken: token } = await api(system.baseUrl, 'POST', '/auth/login', undefined, { email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' });
  const itemIds = [];
  for (let i = 0; i < 200; i += 20) {
    const made = await Promise.all(Array.from({ length: 20 }, (_, k) => api(system.baseUrl, 'POST', '/inventory/items', token, { sku: `W-${i + k}`, name: `Write ${i + k}`, location: 'Depot', qty: 10 })));
    itemIds.push(...made.map((item) => item.id));
  }
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  for (const statement of baselineSchema()) await db.query(statement);
  await db.end();
  let next = 0;
  const write = { method: 'POST', token, body: { kind: 'receive', quantity: 1 }, pick: () => `/api/v1/inventory/items/${itemIds[next++ % itemIds.length]}/movements` };
  await httpLoad({ url: system.baseUrl, connections: 8, seconds: 2, ...write }); // warm-up
  for (const clients of [8, 32]) {
    const cpuBefore = system.cpu();
    const measured = await httpLoad({ url: system.baseUrl, connections: clients, seconds: config.seconds, servers: system.servers, ...write });
    const cpuAfter = system.cpu();
    const cpuMs = Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, +((1000 * (cpuAfter[name] - cpuBefore[name])) / Math.max(1, measured.ok)).toFixed(2)]));
    const pg = withBaseline ? await pgbench({ databaseUrl: system.databaseUrl, script: WRITE_SQL, clients, seconds: config.seconds, file: join(resultsDir, `write-${process.pid}.sql`) }) : undefined;
    const baseline = pg?.perSecond;
    rows.push({ clients, perSecond: measured.perSecond, p50: measured.p50, p99: measured.p99, failed: measured.failed, baseline, ratio: baseline && measured.perSecond / baseline, cpuMs, machine: measured.machine, baselineMachine: pg?.machine });
  }
} finally {
  await system.stop();
}
console.log(JSON.stringify({ write: rows }));
