// Starts and loads the minimal process (scripts/bench/minimal-server.mjs), the bench's second
// baseline, with the same autocannon settings as the gateway.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './bench-system.mjs';

const SERVER = fileURLToPath(new URL('./minimal-server.mjs', import.meta.url));

/** The ids of the baseline's 200 items (`md5('b' || n)::uuid`, see baseline-sql.mjs). */
export function baselineItemIds(count = 200) {
  return Array.from({ length: count }, (_, i) => {
    const hex = createHash('md5').update(`b${i + 1}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}

/** Starts the minimal process on the bench's database; `cpu()` is its CPU seconds so far. */
export async function startMinimal({ databaseUrl, env, profileDir }) {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=minimal.cpuprofile'] : [];
  const child = spawn(process.execPath, [...flags, SERVER], { env: { ...env, DATABASE_URL: databaseUrl, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`the minimal process ended before serving:\n${out}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    cpu: () => cpuSeconds(child.pid),
    /** The process and PostgreSQL's backends of the database, for the CPU per operation of a run. */
    servers: { pids: [child.pid], database: new URL(databaseUrl).pathname.slice(1) },
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
