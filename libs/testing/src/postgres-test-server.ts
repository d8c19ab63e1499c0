// A PostgreSQL server of a test's own (initdb + pg_ctl in a temporary directory, on a free
// loopback port), so a fault test can restart or crash it without touching the shared server.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './local-server';

const run = promisify(execFile);

export interface PostgresTestServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication on loopback). */
  url: string;
  port: number;
  /** The postmaster's process id right now (it changes with each start). */
  pid(): number;
  /** `pg_ctl restart -m fast`: every session ended, the server back when this resolves. */
  restart(): Promise<void>;
  /** SIGKILL to the postmaster, as a crash would; `start` brings it back (crash recovery). */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the PostgreSQL binaries are: `PG_BIN`, else Debian's newest `/usr/lib/postgresql/<n>/bin`. */
function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).map(Number).filter((n) => Number.isInteger(n)) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL binaries found: set PG_BIN to the directory of initdb and pg_ctl');
  return path.join(root, String(Math.max(...versions)), 'bin');
}

/**
 * Runs initdb and starts the server. initdb refuses to run as root: then the directory is given
 * to the `postgres` user and both tools run as it (`runuser`).
 */
export async function startPostgres(options: { settings?: Record<string, string> } = {}): Promise<PostgresTestServer> {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'uehub-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const tool = (name: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]) : run(path.join(bin, name), args));
  await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, fsync: 'off', max_connections: '300', ...options.settings };
  const opts = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ');
  const log = path.join(dir, 'server.log');
  const start = async () => {
    await tool('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
  };
  const pid = () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid,
    async restart() {
      await tool('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-m', 'fast', '-w', '-t', '60', 'restart']);
    },
    async crash() {
      const postmaster = pid();
      const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).catch(() => ({ stdout: '' }));
      const backends = stdout.split('\n').map(Number).filter((n) => n > 0);
      process.kill(postmaster, 'SIGKILL');
      // the orphaned backends notice their postmaster is gone and exit; a new one cannot start before
      const alive = (p: number) => {
        try {
          process.kill(p, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (const deadline = Date.now() + 15_000; Date.now() < deadline && [postmaster, ...backends].some(alive); ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    start,
    async stop() {
      await tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
