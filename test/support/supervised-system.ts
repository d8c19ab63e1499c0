// The system's services as real processes, several replicas each, run by the supervisor `npm start`
// uses (scripts/supervisor.mjs): a replica killed with SIGKILL is started again, as an orchestrator
// would. The test asks the supervisor (over IPC) to kill a replica; it kills its own child by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { eventually } from '@uehub/testing';
import { BACKENDS, type RunningSystem } from './system';

export const SUPERVISED = [...BACKENDS, 'gateway'] as const;
export type SupervisedService = (typeof SUPERVISED)[number];

export interface SupervisedSystem {
  /** Every gateway replica's URL. */
  gatewayUrls: string[];
  /** Kills replica `replica` (from 0) of a service with SIGKILL; resolves with the PID it had. */
  kill(service: SupervisedService, replica: number): Promise<number>;
  /** The log of every service process (for a failing test). */
  logFile: string;
  stop(): Promise<void>;
}

interface PlannedProcess {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const ROOT = path.resolve(__dirname, '../..');

/** The supervisor's side: runs the plan and answers `{ kill: name }` with the PID it killed. */
const SUPERVISOR_SCRIPT = `
  import { openSync } from 'node:fs';
  const { supervise } = await import(process.env.SUPERVISOR_MODULE);
  const plan = JSON.parse(process.env.SUPERVISED_PLAN);
  const out = openSync(process.env.SUPERVISED_LOG, 'a');
  const { stop, children } = supervise(process.execPath, plan, {
    backoffMs: [250, 500, 1000], stdio: ['ignore', out, out],
    log: (line) => process.send({ log: line }),
    onStopped: () => process.exit(0),
  });
  process.on('message', (message) => {
    if (message.stop) return stop(0);
    const child = children.get(message.kill);
    const pid = child?.pid ?? 0;
    if (pid) child.kill('SIGKILL');
    process.send({ killed: message.kill, pid });
  });
`;

/**
 * Starts `replicas` processes of every backend and of the gateway (on free ports) from their
 * TypeScript sources (test/support/run-service.cjs), with the system's environment, and waits
 * until every gateway reports every service ready.
 */
export async function superviseSystem(
  system: RunningSystem,
  { replicas, gatewayPorts, env = {} }: { replicas: number; gatewayPorts: number[]; env?: Record<string, string> },
): Promise<SupervisedSystem> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'uehub-supervised-'));
  const logFile = path.join(logDir, 'services.log');
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'warn', AUDIT_CHECKPOINT_DIR: logDir, ...env };
  const plan: PlannedProcess[] = [];
  for (const service of SUPERVISED) {
    for (let replica = 0; replica < replicas; replica++) {
      const own: Record<string, string> = service === 'gateway' ? { PORT: String(gatewayPorts[replica]), LOGIN_RATE_LIMIT_PER_MINUTE: '10000', REFRESH_RATE_LIMIT_PER_MINUTE: '10000' } : {};
      plan.push({ name: nameOf(service, replica), args: [path.join(__dirname, 'run-service.cjs'), service], env: { ...system.serviceEnv(service), ...common, ...own } });
    }
  }
  const supervisor: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', SUPERVISOR_SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env,
      SUPERVISOR_MODULE: pathToFileURL(path.join(ROOT, 'scripts/supervisor.mjs')).href,
      SUPERVISED_PLAN: JSON.stringify(plan),
      SUPERVISED_LOG: logFile,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<string, (pid: number) => void>();
  supervisor.on('message', (message: { killed?: string; pid?: number; log?: string }) => {
    if (message.killed) pending.get(message.killed)?.(message.pid ?? 0);
  });
  const exited = new Promise<void>((resolve) => supervisor.once('exit', () => resolve()));
  const gatewayUrls = gatewayPorts.slice(0, replicas).map((port) => `http://127.0.0.1:${port}`);
  const stop = async () => {
    if (supervisor.exitCode === null && supervisor.connected) supervisor.send({ stop: true });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
    rmSync(logDir, { recursive: true, force: true });
  };
  try {
    await allReady(gatewayUrls, 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrls,
    logFile,
    kill: (service, replica) =>
      new Promise<number>((resolve) => {
        const name = nameOf(service, replica);
        pending.set(name, resolve);
        supervisor.send({ kill: name });
      }),
    stop,
  };
}

/** The supervisor's name of a replica (as `npm start` names them: `inventory`, `inventory#2`). */
function nameOf(service: SupervisedService, replica: number): string {
  return replica === 0 ? service : `${service}#${replica + 1}`;
}

/** Waits until every gateway answers its readiness check with 200 (every service ready). */
export async function allReady(gatewayUrls: string[], timeoutMs: number): Promise<void> {
  for (const url of gatewayUrls) {
    await eventually(
      async () => ((await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined))?.status === 200 ? true : undefined),
      timeoutMs,
      `${url} ready`,
    );
  }
}
