// `npm run bench:tracing:profile`: where tracing's CPU goes. One whole system per mode (as
// bench:tracing starts them), its gateway and inventory under `node --cpu-prof`, stock movements
// through the gateway for BENCH_SECONDS; then, per process, the share of its busy samples
// (idle excluded) whose stack runs through OpenTelemetry's packages or our tracing code, split
// by what that code was doing, and the top self-time functions.
// Settings: BENCH_SECONDS, BENCH_CONNECTIONS (default 8), BENCH_TRACING_MODES (default `off,export`).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import '../check-node.mjs';
import { loadBenchConfig } from './bench-config.mjs';
import { api, httpLoad } from './bench-load.mjs';
import { startBenchSystem } from './bench-system.mjs';
import { topFunctions } from './cpu-profile-top.mjs';
import { tracingModes } from './tracing-modes.mjs';
import { startOtlpSink } from './otlp-sink.mjs';

const config = loadBenchConfig();
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const dir = resolve('bench/results', `profiles-tracing-${stamp}`);
const log = (line) => console.log(`[bench:tracing:profile] ${line}`);

/**
 * Which part of the tracing code a sample is in, or undefined: the frame nearest the leaf that is
 * JavaScript outside Node's own modules decides (native and `node:` frames count for their
 * caller), so a wrapper such as `inSpan` is charged only for its own work, not for what it runs.
 */
function tracingPart(frames) {
  for (let i = frames.length - 1; i >= 0; i--) {
    const { url, functionName } = frames[i];
    if (!url || url.startsWith('node:')) continue;
    const otel = /@opentelemetry\/([\w-]+)\/.*?([\w-]+)\.c?js$/.exec(url);
    if (otel) return `${otel[1]} ${otel[2]} ${functionName || '(anonymous)'}`;
    if (/tracing\/trace-context|trace-headers|trace-context-store|http-tracing|relay-publisher/.test(url)) return `uehub ${functionName || '(anonymous)'}`;
    return undefined;
  }
  return undefined;
}

/** Busy samples (not idle, not program) of a profile, and the share of them in tracing code, per part. */
function tracingShare(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const stackOf = new Map();
  const framesOf = (id) => {
    if (!stackOf.has(id)) {
      const frames = [];
      for (let at = id; at !== undefined; at = parents.get(at)) frames.unshift(nodes.get(at).callFrame);
      stackOf.set(id, frames);
    }
    return stackOf.get(id);
  };
  let busy = 0;
  let traced = 0;
  const parts = new Map();
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const name = nodes.get(id).callFrame.functionName;
    if (name === '(idle)' || name === '(program)') return;
    busy += delta;
    const part = tracingPart(framesOf(id));
    if (!part) return;
    traced += delta;
    parts.set(part, (parts.get(part) ?? 0) + delta);
  });
  const pct = (micros) => Math.round((1000 * micros) / Math.max(1, busy)) / 10;
  return { busyMs: Math.round(busy / 1000), tracedShare: pct(traced), parts: [...parts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([part, micros]) => ({ part, share: pct(micros) })) };
}

/** The report lines of one profile: busy time, its share in tracing code by part, the top self-time functions. */
function describeProfile(file) {
  const share = tracingShare(file);
  return [
    '',
    `${file.split('/').pop()}: ${share.busyMs} ms busy, ${share.tracedShare} % of it in tracing code`,
    ...share.parts.map((p) => `  ${String(p.share).padStart(5)} %  ${p.part}`),
    '  top self time:',
    ...topFunctions(file, 12).map((t) => `  ${String(t.share).padStart(5)} %  ${t.name}`),
  ];
}

// `profile-tracing.mjs <dir>`: describe the profiles of an earlier run again (one folder per mode).
if (process.argv[2]) {
  for (const mode of readdirSync(process.argv[2], { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const files = readdirSync(join(process.argv[2], mode.name)).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length) console.log([`## ${mode.name}`, ...files.flatMap((f) => describeProfile(join(process.argv[2], mode.name, f)))].join('\n'));
  }
  process.exit(0);
}

const sink = await startOtlpSink(0);
const lines = [`# tracing profile ${stamp}: ${config.seconds} s at ${connections} connections, load ${loadavg().map((l) => l.toFixed(1)).join('/')} before`];
try {
  for (const mode of tracingModes(process.env.BENCH_TRACING_MODES ?? 'off,export')) {
    const profileDir = join(dir, mode.name);
    mkdirSync(profileDir, { recursive: true });
    mkdirSync(join(dir, `p${mode.name}`), { recursive: true });
    const system = await startBenchSystem(config, dir, profileDir, { name: `p${mode.name}`, env: mode.env(sink.url) });
    let measured;
    try {
      const { accessToken: token } = await api(system.baseUrl, 'POST', '/auth/login', undefined, { email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' });
      const ids = [];
      for (let i = 0; i < 100; i += 20) ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => api(system.baseUrl, 'POST', '/inventory/items', token, { sku: `P-${i + k}`, name: `P ${i + k}`, location: 'Depot', qty: 10 })))).map((item) => item.id));
      let next = 0;
      measured = await httpLoad({ url: system.baseUrl, method: 'POST', token, body: { kind: 'receive', quantity: 1 }, pick: () => `/api/v1/inventory/items/${ids[next++ % ids.length]}/movements`, connections, seconds: config.seconds });
    } finally {
      await system.stop();
    }
    log(`${mode.name}: ${measured.perSecond.toFixed(0)}/s`);
    lines.push('', `## ${mode.name}: ${measured.perSecond.toFixed(0)} movements/s (under the profiler)`);
    for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) lines.push(...describeProfile(join(profileDir, file)));
  }
} finally {
  await sink.stop();
}
console.log(lines.join('\n'));
writeFileSync(join(dir, 'summary.md'), lines.join('\n') + '\n');
log(`written ${join(dir, 'summary.md')}`);
