// `npm run bench:tracing` (issue 14): what tracing costs on the write path. Three whole systems
// side by side (one process per service, from dist/), the same but for tracing: `off`
// (OTEL_SDK_DISABLED=true), `on` (spans made, no exporter: the default) and `export` (OTLP/HTTP
// to a local receiver that accepts and counts the spans; and the same without the per-query spans). Stock movements through each gateway
// with autocannon, the modes alternating round by round (order rotated) so that the machine's
// drift hits all three alike; throughput and CPU per movement, each mode against `off`.
// Settings: BENCH_SECONDS (per measurement), BENCH_TRACING_ROUNDS (default 3), BENCH_CONNECTIONS (default 8).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import '../check-node.mjs';
import { loadBenchConfig } from './bench-config.mjs';
import { api, httpLoad } from './bench-load.mjs';
import { startBenchSystem } from './bench-system.mjs';
import { startOtlpSink } from './otlp-sink.mjs';

const config = loadBenchConfig();
const rounds = Number(process.env.BENCH_TRACING_ROUNDS ?? 3);
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
  return { name, system, write, runs: [] };
}

const sink = await startOtlpSink();
const sinkWithoutQueries = await startOtlpSink(0);
const modes = [];
try {
  modes.push(await startMode('off', { OTEL_SDK_DISABLED: 'true' }));
  modes.push(await startMode('on', { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: '' }));
  modes.push(await startMode('export', { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url }));
  modes.push(await startMode('export_no_query_spans', { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: sinkWithoutQueries.url, OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }));
  log(`${modes.length} systems up; ${rounds} rounds of ${config.seconds} s at ${connections} connections per mode`);
  for (const mode of modes) await httpLoad({ ...mode.write, connections, seconds: 2 }); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(round + k) % modes.length];
      const cpuBefore = mode.system.cpu();
      const measured = await httpLoad({ ...mode.write, connections, seconds: config.seconds });
      const cpuAfter = mode.system.cpu();
      const cpuMs = Object.keys(cpuAfter).reduce((sum, name) => sum + 1000 * (cpuAfter[name] - cpuBefore[name]), 0) / Math.max(1, measured.ok);
      mode.runs.push({ ...measured, cpuMsPerMovement: cpuMs });
      log(`round ${round + 1} ${mode.name}: ${measured.perSecond.toFixed(0)}/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${cpuMs.toFixed(2)} CPU ms/movement, failed ${measured.failed}`);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 6000)); // the exporters' last batch (every 5 s)
} finally {
  for (const mode of modes) await mode.system.stop();
  await sink.stop();
  await sinkWithoutQueries.stop();
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

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const summary = modes.map((mode) => ({
  mode: mode.name,
  perSecond: mean(mode.runs.map((r) => r.perSecond)),
  perSecondRuns: mode.runs.map((r) => Math.round(r.perSecond)),
  p50: mean(mode.runs.map((r) => r.p50)),
  p99: mean(mode.runs.map((r) => r.p99)),
  cpuMsPerMovement: mean(mode.runs.map((r) => r.cpuMsPerMovement)),
  failed: mode.runs.reduce((n, r) => n + r.failed, 0),
  movements: mode.runs.reduce((n, r) => n + r.ok, 0),
}));
const off = summary[0];
const sinkCounts = sink.counts();
const trace = movementTrace(sink.spans());
const heading = `UE Hub tracing bench ${started.toISOString()}: ${cpus().length} cores (${cpus()[0]?.model}), load ${loadavg().map((l) => l.toFixed(1)).join('/')} after, ${rounds} rounds x ${config.seconds} s, ${connections} connections`;
const table = [
  '| tracing | movements/s (mean) | per round | vs off | p50 ms | p99 ms | CPU ms/movement (all processes) | vs off |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...summary.map((s) => `| ${s.mode} | ${s.perSecond.toFixed(0)} | ${s.perSecondRuns.join(', ')} | ${(s.perSecond / off.perSecond).toFixed(3)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.cpuMsPerMovement.toFixed(2)} | ${(s.cpuMsPerMovement / off.cpuMsPerMovement).toFixed(3)} |`),
  '',
  ...[
    [sinkCounts, summary[2]],
    [sinkWithoutQueries.counts(), summary[3]],
  ].map(([counts, mode]) => `The ${mode.mode} receiver got ${counts.spans} spans in ${counts.requests} OTLP requests (${(counts.bytes / 2 ** 20).toFixed(1)} MiB) for ${mode.movements} movements (plus the set-up's requests).`),
  '',
  `A movement's trace across the processes, root first: ${trace.length ? trace.join(' > ') : 'NOT FOUND'}`,
];
console.log(['', heading, '', ...table].join('\n'));
mkdirSync(resultsDir, { recursive: true });
const base = join(resultsDir, `bench-tracing-${stamp}`);
writeFileSync(`${base}.json`, JSON.stringify({ date: started.toISOString(), rounds, seconds: config.seconds, connections, summary, runs: Object.fromEntries(modes.map((m) => [m.name, m.runs])), sinks: { export: sinkCounts, exportWithoutQuerySpans: sinkWithoutQueries.counts() }, movementTrace: trace }, null, 2));
writeFileSync(`${base}.md`, [`# ${heading}`, '', ...table].join('\n') + '\n');
log(`written ${base}.json and .md`);
