// `npm run bench:tracing` (issue 14): what tracing costs on the write path. One whole system per
// tracing mode (scripts/bench/tracing-modes.mjs: `off`, `on` without exporter, exporting to a
// local OTLP receiver with and without query spans, ...), side by side, one process per service
// from dist/. Stock movements through each gateway with autocannon, in pairs: each round measures
// every mode right next to `off` (off/X, then X/off the next round; the modes' order rotated), so
// that the load other work puts on the machine, which moves on a scale of tens of seconds, hits
// both sides of a pair alike. Each pair gives the mode its ratios to `off`: throughput, CPU per
// movement of the six processes, and the CPU-bound limit (cores / CPU per movement of every server
// of the run: the six processes, PostgreSQL's backends, NATS; ./machine-cpu.mjs), the rate the
// machine would reach busy with this system alone. The result is the median over the rounds with
// the range (lowest, highest).
// Each receiver is a process of its own; its CPU is reported apart.
// Settings: BENCH_SECONDS (per measurement), BENCH_TRACING_ROUNDS (default 5), BENCH_CONNECTIONS
// (default 8), BENCH_TRACING_MODES (comma-separated, default all; `off` always runs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import '../check-node.mjs';
import { loadBenchConfig } from './bench-config.mjs';
import { api, httpLoad } from './bench-load.mjs';
import { startBenchSystem } from './bench-system.mjs';
import { startOtlpSink } from './otlp-sink.mjs';
import { tracingModes } from './tracing-modes.mjs';

const config = loadBenchConfig();
const rounds = Number(process.env.BENCH_TRACING_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error(`BENCH_TRACING_ROUNDS "${process.env.BENCH_TRACING_ROUNDS}" is not valid: use 1 to 20`);
if (!Number.isInteger(connections) || connections < 1 || connections > 256) throw new Error(`BENCH_CONNECTIONS "${process.env.BENCH_CONNECTIONS}" is not valid: use 1 to 256`);
const started = new Date();
const stamp = started.toISOString().replace(/[:.]/g, '-');
const resultsDir = resolve('bench/results');
const logDir = join(resultsDir, `logs-tracing-${stamp}`);
const log = (line) => console.log(`[bench:tracing ${((Date.now() - started.getTime()) / 1000).toFixed(0)}s] ${line}`);

/** A running system of one mode with a login and 200 items to move stock on. */
async function startMode(name, env) {
  mkdirSync(join(logDir, name), { recursive: true });
  const system = await startBenchSystem(config, logDir, undefined, { name, env });
  const { accessToken: token } = await api(system.baseUrl, 'POST', '/auth/login', undefined, { email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' });
  const itemIds = [];
  for (let i = 0; i < 200; i += 20) {
    const made = await Promise.all(Array.from({ length: 20 }, (_, k) => api(system.baseUrl, 'POST', '/inventory/items', token, { sku: `T-${i + k}`, name: `Traced ${i + k}`, location: 'Depot', qty: 10 })));
    itemIds.push(...made.map((item) => item.id));
  }
  let next = 0;
  const write = { url: system.baseUrl, method: 'POST', token, body: { kind: 'receive', quantity: 1 }, pick: () => `/api/v1/inventory/items/${itemIds[next++ % itemIds.length]}/movements` };
  return { name, system, write, runs: [], pairs: [] };
}

const modes = [];
const sinks = [];
try {
  for (const mode of tracingModes(process.env.BENCH_TRACING_MODES)) {
    const sink = mode.exporting ? await startOtlpSink(mode.name === 'export' ? 50_000 : 0) : undefined;
    if (sink) sinks.push(sink);
    modes.push({ ...(await startMode(mode.name, mode.env(sink?.url))), sink });
  }
  log(`${modes.length} systems up; ${rounds} rounds of ${config.seconds} s at ${connections} connections per mode`);
  for (const mode of modes) await httpLoad({ ...mode.write, connections, seconds: 2 }); // warm-up
  const measure = async (mode, round) => {
    const cpuBefore = mode.system.cpu();
    const sinkBefore = mode.sink?.cpu() ?? 0;
    const measured = await httpLoad({ ...mode.write, connections, seconds: config.seconds, servers: mode.system.servers });
    const cpuAfter = mode.system.cpu();
    const sinkCpuMs = (1000 * ((mode.sink?.cpu() ?? 0) - sinkBefore)) / Math.max(1, measured.ok);
    const cpuMs = Object.keys(cpuAfter).reduce((sum, name) => sum + 1000 * (cpuAfter[name] - cpuBefore[name]), 0) / Math.max(1, measured.ok);
    const run = { ...measured, round, cpuMsPerMovement: cpuMs, sinkCpuMsPerMovement: sinkCpuMs, cpuBoundLimit: measured.machine.cpuBoundLimit };
    mode.runs.push(run);
    log(`round ${round + 1} ${mode.name}: ${measured.perSecond.toFixed(0)}/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${cpuMs.toFixed(2)} CPU ms/movement, limit ${Math.round(run.cpuBoundLimit)}/s, machine ${Math.round(100 * measured.machine.busyShare)} % busy, failed ${measured.failed}`);
    return run;
  };
  const [off, ...others] = modes;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < others.length; k++) {
      const mode = others[(round + k) % others.length];
      const [first, second] = round % 2 === 0 ? [off, mode] : [mode, off];
      const a = await measure(first, round);
      const b = await measure(second, round);
      const [base, traced] = first === off ? [a, b] : [b, a];
      mode.pairs.push(Object.fromEntries(['perSecond', 'cpuMsPerMovement', 'cpuBoundLimit'].map((field) => [field, traced[field] / base[field]])));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 6000)); // the exporters' last batch (every 5 s)
  for (const mode of modes) {
    if (!mode.sink) continue;
    mode.sinkCounts = await mode.sink.counts();
    mode.sinkCpuSeconds = mode.sink.cpu();
    if (mode.name === 'export') mode.trace = movementTrace(await mode.sink.spans());
  }
} finally {
  for (const mode of modes) await mode.system.stop();
  for (const sink of sinks) await sink.stop();
}

/**
 * The whole-system check: a movement's trace as the export system's six processes sent it, from
 * the audit's `process` span up to its root, as `service: span name` (leaf last).
 */
function movementTrace(spans) {
  const leaf = spans.find((span) => span.service === 'audit' && span.name === 'process inventory.stock.received');
  if (!leaf) return [];
  const chain = [leaf];
  for (let parent = leaf.parentSpanId; parent; ) {
    const span = spans.find((candidate) => candidate.spanId === parent && candidate.traceId === leaf.traceId);
    if (!span) break;
    chain.unshift(span);
    parent = span.parentSpanId;
  }
  return chain.map((span) => `${span.service}: ${span.name}`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** A mode's ratios to `off`, pair by pair (`off` itself: 1). */
const ratios = (mode, field) => (mode.pairs.length ? mode.pairs.map((pair) => pair[field]) : [1]);
const spread = (values) => ({ median: median(values), low: Math.min(...values), high: Math.max(...values) });
const summary = modes.map((mode) => {
  return {
    mode: mode.name,
    perSecond: median(mode.runs.map((r) => r.perSecond)),
    perSecondRuns: mode.runs.map((r) => Math.round(r.perSecond)),
    throughputRatio: spread(ratios(mode, 'perSecond')),
    cpuRatio: spread(ratios(mode, 'cpuMsPerMovement')),
    limitRatio: spread(ratios(mode, 'cpuBoundLimit')),
    cpuBoundLimit: median(mode.runs.map((r) => r.cpuBoundLimit)),
    p50: median(mode.runs.map((r) => r.p50)),
    p99: median(mode.runs.map((r) => r.p99)),
    cpuMsPerMovement: median(mode.runs.map((r) => r.cpuMsPerMovement)),
    sinkCpuMsPerMovement: mode.sink ? median(mode.runs.map((r) => r.sinkCpuMsPerMovement)) : undefined,
    failed: mode.runs.reduce((n, r) => n + r.failed, 0),
    movements: mode.runs.reduce((n, r) => n + r.ok, 0),
    sink: mode.sinkCounts,
  };
});
const trace = modes.find((m) => m.name === 'export')?.trace;
const range = ({ median: m, low, high }) => `**${m.toFixed(3)}** (${low.toFixed(3)} to ${high.toFixed(3)})`;
const heading = `UE Hub tracing bench ${started.toISOString()}: ${cpus().length} cores (${cpus()[0]?.model}), load ${loadavg().map((l) => l.toFixed(1)).join('/')} after, ${rounds} rounds of off/mode pairs x ${config.seconds} s, ${connections} connections`;
const table = [
  '| tracing | movements/s (median) | throughput vs off, per pair: median (range) | CPU-bound limit /s (median) | limit vs off, per pair: median (range) | CPU ms/movement (six processes) | CPU vs off, per pair: median (range) | p50 ms | p99 ms | receiver CPU ms/movement |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...summary.map((s) => `| ${s.mode} | ${s.perSecond.toFixed(0)} | ${range(s.throughputRatio)} | ${s.cpuBoundLimit.toFixed(0)} | ${range(s.limitRatio)} | ${s.cpuMsPerMovement.toFixed(2)} | ${range(s.cpuRatio)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.sinkCpuMsPerMovement === undefined ? '' : s.sinkCpuMsPerMovement.toFixed(2)} |`),
  '',
  ...summary.filter((s) => s.sink).map((s) => `The ${s.mode} receiver got ${s.sink.spans} spans in ${s.sink.requests} OTLP requests (${(s.sink.bytes / 2 ** 20).toFixed(1)} MiB) for ${s.movements} movements (plus the set-up's requests).`),
  '',
  ...(trace ? [`A movement's trace across the processes, root first: ${trace.length ? trace.join(' > ') : 'NOT FOUND'}`] : []),
];
console.log(['', heading, '', ...table].join('\n'));
mkdirSync(resultsDir, { recursive: true });
const base = join(resultsDir, `bench-tracing-${stamp}`);
writeFileSync(`${base}.json`, JSON.stringify({ date: started.toISOString(), rounds, seconds: config.seconds, connections, summary, runs: Object.fromEntries(modes.map((m) => [m.name, m.runs])), pairs: Object.fromEntries(modes.map((m) => [m.name, m.pairs])), movementTrace: trace }, null, 2));
writeFileSync(`${base}.md`, [`# ${heading}`, '', ...table].join('\n') + '\n');
log(`written ${base}.json and .md`);
