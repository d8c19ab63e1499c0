import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, listening, stopChild } from './local-server';

/** A PgBouncer of a test's own in transaction mode, as Neon's pooled endpoint is. */
export interface PgBouncerServer {
  port: number;
  /** The same database URL through the pooler. */
  pooledUrl(directUrl: string): string;
  /** Everything PgBouncer logged so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts `pgbouncer` (from PATH; Debian package `pgbouncer`) on a free loopback port in
 * front of the server `upstreamUrl` names, with `pool_mode = transaction`, trust auth and
 * fewer server connections than clients, so transactions of different clients share them.
 * It refuses the startup packet's `options`, as Neon's pooler does.
 */
export async function startPgBouncer(upstreamUrl: string, { poolSize = 8 } = {}): Promise<PgBouncerServer> {
  const upstream = new URL(upstreamUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'uehub-pgbouncer-'));
  const port = await freePort();
  const user = decodeURIComponent(upstream.username) || 'postgres';
  const ini = path.join(dir, 'pgbouncer.ini');
  await writeFile(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  await writeFile(
    ini,
    [
      '[databases]',
      `* = host=${upstream.hostname || '127.0.0.1'} port=${upstream.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      'server_check_delay = 0',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; the Debian package runs it as `postgres`
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(dir, 0o755);
  const child = spawn('pgbouncer', [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000)));
  try {
    await listening(child, port, 'pgbouncer');
  } catch (error) {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return {
    port,
    pooledUrl(directUrl) {
      const url = new URL(directUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    log: () => output,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
