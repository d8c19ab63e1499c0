// `npm run bench` (issue 12): the system against its baselines, measured in the same run.
// Starts the whole system (own database and subject prefix, one process per service, from dist/),
// drives it with autocannon and the same work with pgbench, then runs the audit-ingest and rebuild
// benchmarks, prints a table and writes bench/results/bench-<time>.json and .md.
// Settings: scripts/bench/bench-config.mjs (BENCH_SECONDS, BENCH_PROFILE=1, ...).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import './check-node.mjs';
import { loadBenchConfig } from './bench/bench-config.mjs';
import { api, freshness, httpLoad, pgbench } from './bench/bench-load.mjs';
import { startBenchSystem } from './bench/bench-system.mjs';
import { topFunctions } from './bench/cpu-profile-top.mjs';
import { baselineSchema, WRITE_SQL } from './bench/baseline-sql.mjs';
import { baselineItemIds, startMinimal } from './bench/bench-minimal.mjs';
import { measureReads, seedReads, sql } from './bench/bench-reads.mjs';
import { writeFlameGraphs } from './bench/flamegraph.mjs';
import { machineNote } from './bench/machine-cpu.mjs';

const config = loadBenchConfig();
const started = new Date();
const resultsDir = resolve('bench/results');
const stamp = started.toISOString().replace(/[:.]/g, '-');
const profileDir = config.profile ? join(resultsDir, `profiles-${stamp}`) : undefined;
mkdirSync(profileDir ?? resultsDir, { recursive: true });
const log = (line) => console.log(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0)}s] ${line}`);

/** Runs one of the per-service benchmarks (dist/…bench.js) with BENCH_JSON=1 and returns its result. */
function childBench(file, env) {
  const run = spawnSync(process.execPath, [file], { env: { ...config.childEnv, ...env, BENCH_JSON: '1', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 300_000 });
  const line = run.stdout.split('\n').reverse().find((l) => l.startsWith('{"') && !l.includes('"level"'));
  if (run.status !== 0 || !line) throw new Error(`${file} failed:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(line);
}

/** A stock receipt of 1 as autocannon sends it (the path is picked per request). */
const write0 = (token) => ({ method: 'POST', token, body: { kind: 'receive', quantity: 1 } });

/** The minimal process under the same autocannon settings: its rate and CPU per request. */
async function loadMinimal(minimal, request, clients) {
  await httpLoad({ url: minimal.baseUrl, connections: clients, seconds: 2, ...request }); // warm-up (plans prepared per connection)
  const before = minimal.cpu();
  const measured = await httpLoad({ url: minimal.baseUrl, connections: clients, seconds: config.seconds, servers: minimal.servers, ...request });
  if (measured.failed) throw new Error(`the minimal process failed ${measured.failed} requests`);
  return { minimal: measured.perSecond, minimalCpuMs: (1000 * (minimal.cpu() - before)) / Math.max(1, measured.ok), minimalMachine: measured.machine };
}

const results = { date: started.toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), loadBefore: loadavg() }, settings: { seconds: config.seconds, freshnessRate: config.freshnessRate, auditEvents: config.auditEvents, rebuildEvents: config.rebuildEvents }, rows: [] };
const row = (what, system, baseline, unit, extra = {}) => results.rows.push({ what, system, baseline, ratio: baseline ? system / baseline : undefined, unit, ...extra });

const logDir = join(resultsDir, `logs-${stamp}`);
mkdirSync(logDir, { recursive: true });
const system = await startBenchSystem(config, logDir, profileDir);
let minimal;
try {
  log(`system up at ${system.baseUrl} (database ${system.databaseUrl.split('/').pop()}, prefix ${system.prefix})`);
  const { accessToken: token } = await api(system.baseUrl, 'POST', '/auth/login', undefined, { email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' });
  const itemIds = [];
  for (let i = 0; i < 200; i += 20) {
    const made = await Promise.all(Array.from({ length: 20 }, (_, k) => api(system.baseUrl, 'POST', '/inventory/items', token, { sku: `W-${i + k}`, name: `Write ${i + k}`, location: 'Depot', qty: 10 })));
    itemIds.push(...made.map((item) => item.id));
  }
  // the read: one user holds 50 of 10,000 items (written straight into the projection)
  const holder = await seedReads(system.databaseUrl);
  for (const statement of baselineSchema()) await sql(system.databaseUrl, statement);
  // the second baseline: the same routes served by one minimal process (bench/minimal-server.mjs)
  minimal = await startMinimal({ databaseUrl: system.databaseUrl, env: config.childEnv, profileDir });
  const minimalIds = baselineItemIds();
  let nextMinimal = 0;
  const minimalWrite = { ...write0(token), pick: () => `/api/v1/inventory/items/${minimalIds[nextMinimal++ % minimalIds.length]}/movements` };
  const pgFile = (name) => join(resultsDir, `${name}-${process.pid}.sql`);
  let next = 0;
  const movementPath = () => `/api/v1/inventory/items/${itemIds[next++ % itemIds.length]}/movements`;
  const write = { ...write0(token), pick: movementPath };
  await httpLoad({ url: system.baseUrl, connections: 8, seconds: 2, ...write }); // warm-up
  for (const clients of [8, 32]) {
    const cpuBefore = system.cpu();
    const measured = await httpLoad({ url: system.baseUrl, connections: clients, seconds: config.seconds, servers: system.servers, ...write });
    const cpuAfter = system.cpu();
    const cpuMsPerMovement = Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, (1000 * (cpuAfter[name] - cpuBefore[name])) / Math.max(1, measured.ok)]));
    const baseline = await pgbench({ databaseUrl: system.databaseUrl, script: WRITE_SQL, clients, seconds: config.seconds, file: pgFile('write') });
    const small = await loadMinimal(minimal, minimalWrite, clients);
    row(`stock movement via gateway, ${clients} clients`, measured.perSecond, baseline.perSecond, '/s', { p50: measured.p50, p99: measured.p99, failed: measured.failed, cpuMsPerMovement, machine: measured.machine, baselineMachine: baseline.machine, ...small });
    log(`write ${clients}: ${measured.perSecond.toFixed(0)}/s (failed ${measured.failed}) vs minimal ${small.minimal.toFixed(0)}/s vs pgbench ${baseline.perSecond.toFixed(0)}/s`);
  }
  const readRows = await measureReads({
    baseUrl: system.baseUrl,
    databaseUrl: system.databaseUrl,
    token,
    holder,
    seconds: config.seconds,
    file: (key) => pgFile(`read-${key}`),
    log,
    cpu: system.cpu,
    servers: system.servers,
    extra: (route, clients) => (route.key === 'user-inventory' ? loadMinimal(minimal, { token, pick: () => route.path }, clients) : {}),
  });
  results.rows.push(...readRows.map((r) => ({ ...r, ratio: r.system / r.baseline })));
  // a fixed rate the system can carry: above its throughput the queue, not the pipeline, is measured
  const carried = results.rows[0].system;
  const rate = Math.max(1, Math.min(config.freshnessRate, Math.floor(carried / 2)));
  const fresh = await freshness({ baseUrl: system.baseUrl, databaseUrl: system.databaseUrl, token, itemIds, rate, seconds: config.seconds });
  row(`command answered -> audit record visible, ${fresh.rate} commands/s`, fresh.p99, undefined, 'ms p99', { p50: fresh.p50, seen: fresh.seen, sent: fresh.sent });
  log(`freshness at ${fresh.rate}/s: p50 ${fresh.p50?.toFixed(1)} ms, p99 ${fresh.p99?.toFixed(1)} ms (${fresh.seen}/${fresh.sent} seen)`);
} finally {
  await minimal?.stop();
  await system.stop();
}

const { auditIngest } = childBench('dist/apps/audit/src/bench/audit-ingest.bench.js', { BENCH_AUDIT_EVENTS: String(config.auditEvents), BENCH_SECONDS: '120' });
row(`audit ingest of a ${auditIngest.events}-event backlog`, auditIngest.systemPerSecond, auditIngest.baselinePerSecond, 'events/s', { chainVerified: auditIngest.chainVerified });
log(`audit ingest: ${auditIngest.systemPerSecond.toFixed(0)}/s vs multi-row INSERT ${auditIngest.baselinePerSecond.toFixed(0)}/s`);
const { rebuild } = childBench('dist/apps/inventory/src/bench/rebuild.bench.js', { BENCH_REBUILD_EVENTS: String(config.rebuildEvents) });
row(`rebuild of inventory (${rebuild.events} events)`, rebuild.rebuildPerSecond, rebuild.readOnlyPerSecond, 'events/s', { baselineIs: 'reading the events alone', ok: rebuild.ok });
log(`rebuild: ${rebuild.rebuildPerSecond.toFixed(0)}/s vs reading alone ${rebuild.readOnlyPerSecond.toFixed(0)}/s`);

// clock-in/clock-out pairs (the timeclock helper's bench: its own system, gateway vs pgbench)
const timeclockBench = 'dist/apps/timeclock/src/bench/timeclock.bench.js';
const timeclock = existsSync(timeclockBench) ? childBench(timeclockBench, { BENCH_SECONDS: String(config.seconds) }) : { phases: [] };
for (const phase of timeclock.phases) {
  row(`clock-in + clock-out pair via gateway, ${phase.clients} clients`, phase.gateway.pairsPerSecond, phase.pgbenchPairsPerSecond ?? undefined, 'pairs/s', { p50: phase.gateway.p50Ms, failed: phase.gateway.failed });
}
log(`timeclock: ${timeclock.phases.map((p) => `${p.clients} clients ${p.gateway.pairsPerSecond}/s vs ${p.pgbenchPairsPerSecond ?? '-'}/s`).join(', ')}`);

results.machine.loadAfter = loadavg();
if (profileDir) {
  results.profiles = Object.fromEntries(readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => [f, topFunctions(join(profileDir, f))]));
  log(`flame graphs: ${writeFlameGraphs(profileDir).join(', ')}`);
}

const fmt = (n) => (n === undefined || Number.isNaN(n) ? '' : n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(n >= 10 ? 1 : 2));
const table = [
  '| what | system | minimal process | baseline (same run) | ratio | system / minimal | unit | notes |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.rows.map((r) => {
    const notes = [
      r.p50 !== undefined ? `p50 ${fmt(r.p50)} ms` : '',
      r.p99 !== undefined && r.unit === '/s' ? `p99 ${fmt(r.p99)} ms` : '',
      r.failed ? `${r.failed} failed` : '',
      r.cpuMsPerMovement ? `CPU ms/movement: ${Object.entries(r.cpuMsPerMovement).map(([n, ms]) => `${n} ${ms.toFixed(2)}`).join(', ')}` : '',
      r.cpuMsPerRead ? `CPU ms/read: ${Object.entries(r.cpuMsPerRead).filter(([, ms]) => ms >= 0.05).map(([n, ms]) => `${n} ${ms.toFixed(2)}`).join(', ')}` : '',
      r.minimalCpuMs !== undefined ? `minimal process CPU ${r.minimalCpuMs.toFixed(2)} ms/request` : '',
      machineNote('system', r.machine),
      machineNote('baseline', r.baselineMachine),
      machineNote('minimal', r.minimalMachine),
      r.baselineIs ?? '',
      r.chainVerified === false || r.ok === false ? 'CHECK FAILED' : '',
    ].filter(Boolean);
    const toMinimal = r.minimal ? (r.system / r.minimal).toFixed(2) : '';
    return `| ${r.what} | ${fmt(r.system)} | ${fmt(r.minimal)} | ${fmt(r.baseline)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${toMinimal} | ${r.unit} | ${notes.join('; ')} |`;
  }),
];
const heading = `UE Hub bench ${results.date}: ${results.machine.cpus} cores (${results.machine.model}), load ${results.machine.loadBefore.map((l) => l.toFixed(1)).join('/')} before, ${config.seconds} s per measurement`;
const profiles = Object.entries(results.profiles ?? {}).flatMap(([file, top]) => ['', `CPU profile ${file} (self time):`, ...top.map((t) => `  ${String(t.share).padStart(5)} %  ${t.name}`)]);
console.log(['', heading, '', ...table, ...profiles].join('\n'));
const base = join(resultsDir, `bench-${stamp}`);
writeFileSync(`${base}.json`, JSON.stringify(results, null, 2));
writeFileSync(`${base}.md`, [`# ${heading}`, '', ...table, '', ...profiles.map((l) => (l ? `    ${l}` : ''))].join('\n') + '\n');
log(`written ${base}.json and .md`);
