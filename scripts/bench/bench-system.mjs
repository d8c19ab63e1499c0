// The whole system for the bench: its own database and subject prefix on the local servers,
// each service its own process from dist/ (as `npm start` runs them), so CPU is counted per process.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

export const BACKENDS = ['auth', 'inventory', 'audit', 'timeclock', 'safety'];
const main = (service) => `dist/apps/${service}/src/main.js`;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts one service with its output going to a file (a pipe to this process, busy generating
 * load, could fill up and stall the service's synchronous log writes); ready once the file says so.
 */
function startProcess(name, env, args, logDir, profileDir) {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...flags, main(name), ...args], { env, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    let gone = false;
    void exited.then(() => (gone = true));
    for (;;) {
      const output = readFileSync(logFile, 'utf8');
      const url = /"url":"(http[^"]+)"/.exec(output);
      if (output.includes(`"${name} started"`) || (name === 'gateway' && url)) return url?.[1];
      if (gone || Date.now() > deadline) throw new Error(`${name} did not start (see ${logFile}):\n${output.slice(-1500)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return { name, child, ready, exited };
}

/** Deletes the JetStream streams the system made under its prefix (events, checkpoints, rate-limit bucket). */
export async function deleteStreams(natsUrl, prefix) {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const upper = prefix.toUpperCase();
    for await (const stream of jsm.streams.list()) {
      const name = stream.config.name;
      if (name.startsWith(`${upper}_`) || name.startsWith(`KV_${upper}_`)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}

/**
 * Migrates and starts every service and the gateway; `stop()` ends them and drops the database.
 * `variant` runs several systems side by side: a name (database, prefix, log files) and environment of its own.
 */
export async function startBenchSystem(config, logDir, profileDir, variant = { name: '', env: {} }) {
  const database = `uehub_bench_${process.pid}${variant.name}`;
  const url = new URL(config.databaseUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  await adminQuery(config.databaseUrl, `create database ${database}`);
  const prefix = `bench${process.pid}${variant.name}`;
  const checkpointDir = mkdtempSync(join(tmpdir(), 'uehub-bench-checkpoints-'));
  const env = {
    ...config.childEnv,
    DATABASE_URL: databaseUrl,
    NATS_URL: config.natsUrl,
    NATS_SUBJECT_PREFIX: prefix,
    AUDIT_CHECKPOINT_DIR: checkpointDir,
    LOG_LEVEL: 'info',
    PORT: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    ...variant.env,
  };
  const processes = [];
  async function stop() {
    for (const p of [...processes].reverse()) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
      const killer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
      await p.exited;
      clearTimeout(killer);
    }
    rmSync(checkpointDir, { recursive: true, force: true });
    await deleteStreams(config.natsUrl, prefix);
    await adminQuery(config.databaseUrl, `drop database if exists ${database} with (force)`);
  }
  let baseUrl;
  try {
    for (const service of BACKENDS) {
      const run = spawnSync(process.execPath, [main(service), 'migrate'], { env, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`migrations of ${service} failed:\n${run.stderr}${run.stdout}`);
    }
    for (const service of BACKENDS) processes.push(startProcess(service, env, [], join(logDir, variant.name), service === 'inventory' ? profileDir : undefined));
    await Promise.all(processes.map((p) => p.ready));
    const gateway = startProcess('gateway', env, [], join(logDir, variant.name), profileDir);
    processes.push(gateway);
    baseUrl = (await gateway.ready).replace('[::1]', '127.0.0.1');
  } catch (error) {
    // A system that did not start must not stay behind: end what was started, drop what was made.
    await stop();
    throw error;
  }
  return {
    baseUrl,
    databaseUrl,
    prefix,
    /** CPU seconds used so far, per process name. */
    cpu: () => Object.fromEntries(processes.map((p) => [p.name, cpuSeconds(p.child.pid)])),
    /** What serves the system's requests, for the CPU per operation of a run (./machine-cpu.mjs). */
    servers: { pids: processes.map((p) => p.child.pid), database, natsPort: new URL(config.natsUrl).port || '4222' },
    stop,
  };
}
