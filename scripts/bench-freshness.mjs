// `npm run bench:freshness` (issue 12): where the time between a command's answer and its audit
// record goes. Starts the whole system as `npm run bench` does (own database and subject prefix),
// sends stock movements at a fixed rate (BENCH_FRESHNESS_RATE, default 50/s, for BENCH_SECONDS),
// watches the audit log every 2 ms, and then reads for each command the time stamps the pipeline
// left behind: the outbox row's insert (its transaction's start), the JetStream message, the
// outbox mark, the audit record's `recorded_at` (the consumer's batch) and when the probe saw it.
// Prints p50/p99 of the whole and of each step, relative to the gateway's answer.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import './check-node.mjs';
import { loadBenchConfig } from './bench/bench-config.mjs';
import { api } from './bench/bench-load.mjs';
import { startBenchSystem } from './bench/bench-system.mjs';

const config = loadBenchConfig({ BENCH_FRESHNESS_RATE: '50', BENCH_SECONDS: '10', ...process.env });
const now = () => performance.timeOrigin + performance.now();
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** Sends the commands at the rate; returns, per request id, when it was sent and answered and when its record was first seen. */
async function drive(system, token, itemIds, seconds) {
  const commands = new Map();
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  let lastSeq = (await db.query('select coalesce(max(seq), 0)::text as seq from audit.audit_records')).rows[0].seq;
  let sending = true;
  let quietSince = 0;
  const watcher = (async () => {
    while (sending || now() - quietSince < 5000) {
      const { rows } = await db.query('select seq::text, correlation_id from audit.audit_records where seq > $1 order by seq', [lastSeq]);
      const seenAt = now();
      for (const row of rows) {
        lastSeq = row.seq;
        const command = commands.get(row.correlation_id);
        if (command) command.seen ??= seenAt;
      }
      if (!sending && [...commands.values()].every((c) => c.seen || c.failed)) break;
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const total = config.freshnessRate * seconds;
  const started = performance.now();
  const sends = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / config.freshnessRate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const requestId = randomUUID();
    const command = { sent: now() };
    commands.set(requestId, command);
    sends.push(
      api(system.baseUrl, 'POST', `/inventory/items/${itemIds[i % itemIds.length]}/movements`, token, { kind: 'receive', quantity: 1 }, { 'x-request-id': requestId }).then(
        () => (command.answered = now()),
        () => (command.failed = true),
      ),
    );
  }
  await Promise.all(sends);
  sending = false;
  quietSince = now();
  await watcher;
  await db.end();
  return commands;
}

/** Per command: the outbox insert and mark, the audit record's time and JetStream sequence. */
async function pipelineStamps(system, commands) {
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  const { rows } = await db.query(
    `select r.correlation_id, extract(epoch from o.created_at) * 1000 as outboxed, extract(epoch from o.published_at) * 1000 as marked,
            extract(epoch from r.recorded_at) * 1000 as recorded, r.jetstream_seq::int as seq
       from audit.audit_records r join inventory.inventory_outbox o on o.event_id = r.event_id
      where r.correlation_id = any($1::text[])`,
    [[...commands.keys()]],
  );
  await db.end();
  const nc = await connect({ servers: config.natsUrl });
  const jsm = await jetstreamManager(nc);
  const stream = `${system.prefix.toUpperCase()}_EVENTS`;
  for (const row of rows) {
    const message = await jsm.streams.getMessage(stream, { seq: row.seq }).catch(() => undefined);
    const command = commands.get(row.correlation_id);
    Object.assign(command, { outboxed: Number(row.outboxed), marked: Number(row.marked), recorded: Number(row.recorded), stored: message ? message.time.getTime() : undefined });
  }
  await nc.close();
}

function report(commands) {
  const done = [...commands.values()].filter((c) => c.answered && c.seen && c.stored);
  const steps = {
    'answer -> visible (freshness)': (c) => c.seen - c.answered,
    'send -> answer': (c) => c.answered - c.sent,
    'command tx start -> answer': (c) => c.answered - c.outboxed,
    'command tx start -> JetStream stored': (c) => c.stored - c.outboxed,
    'answer -> JetStream stored': (c) => c.stored - c.answered,
    'JetStream stored -> outbox marked': (c) => c.marked - c.stored,
    'JetStream stored -> audit batch built': (c) => c.recorded - c.stored,
    'audit batch built -> visible': (c) => c.seen - c.recorded,
  };
  const result = { rate: config.freshnessRate, seconds: config.seconds, sent: commands.size, measured: done.length, steps: {} };
  for (const [name, of] of Object.entries(steps)) {
    const values = done.map(of);
    result.steps[name] = { p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99) };
    console.log(`${name.padEnd(40)} p50 ${result.steps[name].p50?.toFixed(1).padStart(7)} ms  p90 ${result.steps[name].p90?.toFixed(1).padStart(7)} ms  p99 ${result.steps[name].p99?.toFixed(1).padStart(7)} ms`);
  }
  console.log(JSON.stringify(result));
}

const logDir = join(resolve('bench/results'), `freshness-logs-${Date.now()}`);
mkdirSync(logDir, { recursive: true });
const system = await startBenchSystem(config, logDir);
try {
  const { accessToken: token } = await api(system.baseUrl, 'POST', '/auth/login', undefined, { email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' });
  const itemIds = [];
  for (let i = 0; i < 200; i += 20) {
    const made = await Promise.all(Array.from({ length: 20 }, (_, k) => api(system.baseUrl, 'POST', '/inventory/items', token, { sku: `F-${i + k}`, name: `Fresh ${i + k}`, location: 'Depot', qty: 10 })));
    itemIds.push(...made.map((item) => item.id));
  }
  // warm-up: two seconds at the same rate, not measured
  await drive(system, token, itemIds, 2);
  const commands = await drive(system, token, itemIds, config.seconds);
  await pipelineStamps(system, commands);
  report(commands);
} finally {
  await system.stop();
}
