// The read routes alone, for profiling and before/after comparisons of the read path:
// `node scripts/bench/reads-only.mjs` from a built checkout (it runs that checkout's dist/).
// BENCH_SECONDS, BENCH_PROFILE=1 (cpuprofiles + flame graphs of the gateway and inventory),
// BENCH_READ_CLIENTS (default 8), BENCH_READ_BASELINE=0 to skip pgbench.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBenchConfig } from './bench-config.mjs';
import { measureReads, seedReads } from './bench-reads.mjs';
import { startBenchSystem } from './bench-system.mjs';
import { writeFlameGraphs } from './flamegraph.mjs';

const config = loadBenchConfig();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = resolve('bench/results');
const profileDir = config.profile ? join(resultsDir, `read-profiles-${stamp}`) : undefined;
const logDir = join(resultsDir, `read-logs-${stamp}`);
mkdirSync(logDir, { recursive: true });
if (profileDir) mkdirSync(profileDir, { recursive: true });
const log = (line) => console.log(`[reads] ${line}`);

const system = await startBenchSystem(config, logDir, profileDir);
let rows;
try {
  const login = await fetch(`${system.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' }),
  });
  const { accessToken: token } = await login.json();
  const holder = await seedReads(system.databaseUrl);
  rows = await measureReads({
    baseUrl: system.baseUrl,
    databaseUrl: system.databaseUrl,
    token,
    holder,
    seconds: config.seconds,
    clientCounts: [Number(process.env.BENCH_READ_CLIENTS ?? 8)],
    file: (key) => join(resultsDir, `read-${key}-${process.pid}.sql`),
    log,
    cpu: system.cpu,
    withBaseline: process.env.BENCH_READ_BASELINE !== '0',
  });
} finally {
  await system.stop();
}
if (profileDir) log(`flame graphs: ${writeFlameGraphs(profileDir).join(', ')}`);
writeFileSync(join(resultsDir, `reads-${stamp}.json`), JSON.stringify(rows, null, 2));
for (const r of rows) {
  const cpu = Object.entries(r.cpuMsPerRead ?? {}).filter(([, ms]) => ms >= 0.01).map(([n, ms]) => `${n} ${ms.toFixed(3)}`).join(', ');
  console.log(`${r.what}: ${r.system.toFixed(0)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.baseline ? `, pgbench ${r.baseline.toFixed(0)}/s` : ''}; CPU ms/read: ${cpu}`);
}
