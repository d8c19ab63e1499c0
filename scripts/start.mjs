// Starts the whole system from dist/: applies every service's migrations (an explicit step),
// then runs each service as its own process and stops them all together.
import { spawn, spawnSync } from 'node:child_process';
import './check-node.mjs';

const BACKEND = ['auth', 'inventory', 'audit'];
const ALL = [...BACKEND, 'gateway'];
const main = (service) => `dist/apps/${service}/src/main.js`;

for (const service of BACKEND) {
  const run = spawnSync(process.execPath, [main(service), 'migrate'], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`Migrations of ${service} failed (exit ${run.status}); not starting.`);
    process.exit(1);
  }
}

const children = new Map();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, 15_000).unref();
}

for (const service of ALL) {
  const child = spawn(process.execPath, [main(service)], { stdio: 'inherit' });
  children.set(service, child);
  child.on('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      console.error(`${service} exited (${signal ?? code}); stopping the others.`);
      stopAll(1);
    }
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
