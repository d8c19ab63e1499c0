import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, listening, stopChild } from './local-server';
import { NATS_PROCESSES, renderNatsServerConfig, type NatsAuth, type NatsProcess, type NatsServerConfigOptions } from '@uehub/messaging';

/** A nats-server of a test's own, started with the repository's restricted configuration. */
export interface RestrictedNatsServer {
  url: string;
  /** The credentials the configuration grants a process. */
  auth(process: NatsProcess): Required<Pick<NatsAuth, 'user' | 'password'>>;
  /** Permission violations the server logged so far (one line each). */
  violations(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Starts `nats-server` (from PATH) on a free loopback port with the configuration
 * `renderNatsServerConfig` writes for `prefix`, random passwords handed over through the
 * server's environment as in production, and JetStream in a temporary directory.
 */
export async function startRestrictedNats(prefix: string, options: { tls?: NatsServerConfigOptions['tls'] } = {}): Promise<RestrictedNatsServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uehub-nats-'));
  const port = await freePort();
  const passwords = randomNatsPasswords();
  const conf = path.join(dir, 'nats.conf');
  await writeFile(conf, renderNatsServerConfig({ prefix, listen: `127.0.0.1:${port}`, storeDir: path.join(dir, 'js'), tls: options.tls }));
  const env = natsServerEnv(passwords);
  const log = path.join(dir, 'nats.log');
  const child = spawn('nats-server', ['-c', conf, '-l', log], { env, stdio: 'ignore' });
  try {
    await listening(child, port, 'nats-server');
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `${options.tls ? 'tls' : 'nats'}://127.0.0.1:${port}`,
    auth: (p) => ({ user: p, password: passwords[p] }),
    violations: () => violationsIn([log]),
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A random password per process; nats-server parses a variable's value as config, so each starts with a letter (docs/security.md). */
export function randomNatsPasswords(): Record<NatsProcess, string> {
  return Object.fromEntries(NATS_PROCESSES.map((p) => [p, `p${randomBytes(18).toString('hex')}`])) as Record<NatsProcess, string>;
}

/** The server's environment: this one plus `NATS_PASSWORD_<PROCESS>` for each process, as in production. */
export function natsServerEnv(passwords: Record<NatsProcess, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...Object.fromEntries(NATS_PROCESSES.map((p) => [`NATS_PASSWORD_${p.toUpperCase()}`, passwords[p]])) };
}

/** Permission violations logged in the given server logs (one line each). */
export async function violationsIn(logs: string[]): Promise<string[]> {
  const texts = await Promise.all(logs.map((log) => readFile(log, 'utf8').catch(() => '')));
  return texts.flatMap((text) => text.split('\n')).filter((line) => /violation/i.test(line));
}
