// A backend service in a child process of its own, so a test can pause (SIGSTOP) or kill (SIGKILL) it for real.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ChildService {
  pid: number;
  pause(): void;
  resume(): void;
  /** Kills it with SIGKILL (no shutdown hooks, nothing finished) and waits until it is gone. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `apps/<service>/src/main.ts` with the environment given; resolves once it logged "<service> started". */
export async function spawnService(service: 'inventory' | 'auth' | 'audit', env: Record<string, string>, timeoutMs = 60_000): Promise<ChildService> {
  const root = path.resolve(__dirname, '../..');
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'run-service.cjs'), service], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} did not start in ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`"${service} started"`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${service} exited (${code}) before it started:\n${output.slice(-2000)}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    async crash() {
      if (gone) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone) return;
      process.kill(pid, 'SIGCONT');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
