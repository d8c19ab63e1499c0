// Load generators of the bench: autocannon against the gateway, pgbench for the SQL baselines,
// and the freshness probe (a command's answer to its audit record being visible).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { withMachineCpu } from './machine-cpu.mjs';

/** One JSON call to the gateway's API (`headers`: e.g. an x-request-id); throws on anything but 2xx. */
export async function api(baseUrl, method, path, token, body, headers = {}) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/**
 * Requests per second (2xx only) and latency of one autocannon run; `pick` chooses each request's
 * path. `machine`: the CPU of the machine and of `servers` during the run (./machine-cpu.mjs).
 */
export function httpLoad(options) {
  return withMachineCpu(() => autocannonRun(options), options.servers);
}

async function autocannonRun({ url, connections, seconds, method = 'GET', token, body, pick }) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
        setupRequest: (request) => ({ ...request, path: pick() }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    ok,
  };
}

/**
 * Transactions per second of a pgbench script (`-M prepared`, no vacuum, 2 threads), with the CPU
 * of the machine and of PostgreSQL's backends of the database during the run.
 */
export function pgbench(options) {
  const database = new URL(options.databaseUrl).pathname.slice(1);
  return withMachineCpu(() => pgbenchRun(options), { database });
}

async function pgbenchRun({ databaseUrl, script, clients, seconds, file }) {
  writeFileSync(file, script);
  const child = spawn('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file, databaseUrl]);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const status = await new Promise((resolve) => child.once('close', resolve));
  const tps = /tps = ([\d.]+)/.exec(output);
  const done = /transactions actually processed: (\d+)/.exec(output);
  if (status !== 0 || !tps || !done) throw new Error(`pgbench failed:\n${output}`);
  return { perSecond: Number(tps[1]), ok: Number(done[1]) };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * Sends `rate` stock movements a second for `seconds` through the gateway, each with its own
 * request id (= the events' correlation id), and watches the audit log every 5 ms: freshness is
 * the time from the gateway's answer to the audit record being visible to a reader.
 */
export async function freshness({ baseUrl, databaseUrl, token, itemIds, rate, seconds }) {
  const answered = new Map();
  const lags = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  let lastSeq = (await db.query('select coalesce(max(seq), 0)::text as seq from audit.audit_records')).rows[0].seq;
  let watching = true;
  let stoppedAt = 0;
  const watcher = (async () => {
    while (watching || answered.size > 0) {
      const { rows } = await db.query('select seq::text, correlation_id from audit.audit_records where seq > $1 order by seq', [lastSeq]);
      const now = performance.now();
      for (const row of rows) {
        lastSeq = row.seq;
        const at = answered.get(row.correlation_id);
        if (at !== undefined) {
          lags.push(Math.max(0, now - at));
          answered.delete(row.correlation_id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (!watching && performance.now() - stoppedAt > 10_000) break;
    }
  })();
  const sends = [];
  const total = rate * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const requestId = randomUUID();
    sends.push(
      fetch(`${baseUrl}/api/v1/inventory/items/${itemIds[i % itemIds.length]}/movements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ kind: 'receive', quantity: 1 }),
      }).then(async (response) => {
        await response.arrayBuffer();
        if (response.ok) answered.set(requestId, performance.now());
      }),
    );
  }
  await Promise.all(sends);
  watching = false;
  stoppedAt = performance.now();
  await watcher;
  await db.end();
  lags.sort((a, b) => a - b);
  return { rate, sent: total, seen: lags.length, p50: quantile(lags, 0.5), p99: quantile(lags, 0.99) };
}
