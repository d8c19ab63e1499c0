// Starts the whole system from dist/: applies every service's migrations (an explicit step),
// then runs each service as its own process, or several (`REPLICAS`, `REPLICAS_<SERVICE>`),
// restarting one that dies, and stops them all together.
import { spawnSync } from 'node:child_process';
import './check-node.mjs';
import { replicaPlan } from './replicas.mjs';
import { supervise } from './supervisor.mjs';

const BACKEND = ['auth', 'inventory', 'audit', 'timeclock', 'safety'];
const ALL = [...BACKEND, 'gateway'];
const main = (service) => `dist/apps/${service}/src/main.js`;
let plan;
try {
  plan = replicaPlan(ALL, process.env, (service) => [main(service)]);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

for (const service of BACKEND) {
  const run = spawnSync(process.execPath, [main(service), 'migrate'], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`Migrations of ${service} failed (exit ${run.status}); not starting.`);
    process.exit(1);
  }
}

const { stop } = supervise(process.execPath, plan);

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
