// When startSystem fails part-way it ends what it started: no nats-server or PgBouncer left
// running, the database dropped.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { testServers } from '@uehub/testing';
import { startSystem } from './support/system';

const run = promisify(execFile);

/** Names of this process's child processes (ps exits 1 when there are none). */
async function childProcesses(): Promise<string[]> {
  const { stdout } = await run('ps', ['-o', 'comm=', '--ppid', String(process.pid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter((name) => name && name !== 'ps');
}

async function databasesNamed(pattern: string): Promise<string[]> {
  const server = new URL(testServers().databaseUrl);
  server.pathname = '/postgres';
  const db = new pg.Client({ connectionString: server.toString() });
  await db.connect();
  try {
    return (await db.query<{ datname: string }>('select datname from pg_database where datname like $1', [pattern])).rows.map((row) => row.datname);
  } finally {
    await db.end();
  }
}

describe('startSystem when a step of its start fails', () => {
  it('should stop its nats-server and PgBouncer and drop its database', async () => {
    const before = await databasesNamed('uehub_t_e2e_failed_start_%'); // left by an earlier run that failed
    // auth's settings are read when auth starts: after the database, NATS, PgBouncer and the migrations
    await expect(startSystem('e2e_failed_start', { pgbouncer: true, authEnv: { ACCESS_TOKEN_TTL_SECONDS: 'soon' } })).rejects.toThrow(/ACCESS_TOKEN_TTL_SECONDS/);

    expect(await childProcesses()).toEqual([]);
    expect(await databasesNamed('uehub_t_e2e_failed_start_%')).toEqual(before);
  }, 60_000);
});
