import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A process the bench started, with the tail of its output for when something fails. */
export interface BenchProcess {
  name: string;
  child: ChildProcess;
  output(): string;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** `dist/apps/<service>/src/main.js`, next to this file in the build. */
export const serviceMain = (service: string) => resolve(__dirname, '../../..', service, 'src', 'main.js');

/** Starts a process with exactly `env` (nothing inherited), keeping the last 20 kB of its output. */
export function startProcess(name: string, command: string, args: string[], env: Record<string, string>): BenchProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output: () => tail };
}

/** Runs a process to its end; rejects with its output when it fails. */
export async function runToEnd(name: string, command: string, args: string[], env: Record<string, string>): Promise<string> {
  const process = startProcess(name, command, args, env);
  const [code, signal] = await new Promise<[number | null, string | null]>((done) => process.child.once('exit', (c, sig) => done([c, sig])));
  if (code !== 0) throw new Error(`${name} exited with ${code ?? signal} (run through npm, which brings Node 24):\n${process.output()}`);
  return process.output();
}

/** Ends a process it started (SIGTERM, SIGKILL after 5 s). */
export async function stopProcess(process: BenchProcess): Promise<void> {
  const { child } = process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A nats-server of the bench's own (JetStream in a temporary store), ended by its PID afterwards. */
export async function startNatsServer(binary: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'uehub-bench-nats-'));
  const server = startProcess('nats-server', binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {});
  await waitFor(`nats-server on ${port}`, 10_000, () => portOpen(port), server);
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      await stopProcess(server);
      rmSync(store, { recursive: true, force: true });
    },
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => done(socket.destroy() !== undefined));
    socket.once('error', () => done(false));
  });
}

/** Polls `check` until it is true; fails with the watched process's output when it exits or time runs out. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, watched?: BenchProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (watched && watched.child.exitCode !== null) throw new Error(`${watched.name} exited while waiting for ${what}:\n${watched.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`Timed out waiting for ${what}${watched ? `:\n${watched.output()}` : ''}`);
}
