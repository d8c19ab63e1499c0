import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { createTestDatabase, uniqueSuffix } from '@uehub/testing';
import pg from 'pg';
import { pgConnectionOptions } from './database-url';
import { dropDatabase, ensureDatabase } from './ensure-database';
import { migrateService, openServiceOrm, type ServiceDatabase } from './service-orm';

const SCHEMA = 'probe';
// what SHOW prints for SESSION_SETTINGS (60s reads back as 1min)
const EXPECTED_SETTINGS = { statement_timeout: '30s', idle_in_transaction_session_timeout: '1min', jit: 'off' };

type Row = Record<string, unknown>;

function probeDatabase(url: string, migrations: MigrationObject[] = []): ServiceDatabase {
  return { service: 'probe', target: { pooledUrl: url, directUrl: url, schema: SCHEMA }, entities: [], migrations };
}

/** The same URL with another database name or query parameter. */
function withUrl(url: string, change: (parsed: URL) => void): string {
  const parsed = new URL(url);
  change(parsed);
  return parsed.toString();
}

async function showSettings(query: (sql: string) => Promise<Row[]>): Promise<Row> {
  const settings: Row = {};
  for (const name of Object.keys(EXPECTED_SETTINGS)) settings[name] = (await query(`show ${name}`))[0][name];
  return settings;
}

/** Resolves once `count` callers wait on it, so that many transactions hold a connection at the same time. */
function barrier(count: number, timeoutMs = 10_000): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    if (++arrived === count) release();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${arrived} of ${count} transactions got a connection`)), timeoutMs);
    });
    await Promise.race([all, timeout]).finally(() => clearTimeout(timer));
  };
}

async function databaseExists(url: string): Promise<boolean> {
  const admin = new pg.Client({ ...pgConnectionOptions(url, 'uehub-probe'), database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [pgConnectionOptions(url, 'x').database]);
    return found.rowCount === 1;
  } finally {
    await admin.end();
  }
}

class CreateProbeTable extends Migration {
  override up(): void {
    this.addSql(`create table if not exists ${SCHEMA}.probe_item (id integer primary key)`);
  }
}

describe('database connections (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase('db_session');
  });
  afterAll(() => db?.drop());

  describe('when the ORM pool hands out several connections', () => {
    it('should apply the session settings and application name on each of them', async () => {
      const orm = await openServiceOrm(probeDatabase(db.url));
      try {
        const transactions = 3;
        const allHoldAConnection = barrier(transactions);
        const seen = await Promise.all(
          Array.from({ length: transactions }, () =>
            orm.em.fork().transactional(async (em) => {
              const [{ pid }] = await em.execute<Row[]>('select pg_backend_pid() as pid');
              await allHoldAConnection();
              const [{ application_name }] = await em.execute<Row[]>('show application_name');
              return { pid, application_name, settings: await showSettings((sql) => em.execute<Row[]>(sql)) };
            }),
          ),
        );
        expect(new Set(seen.map((s) => s.pid)).size).toBe(transactions);
        for (const s of seen) {
          expect(s.settings).toEqual(EXPECTED_SETTINGS);
          expect(s.application_name).toBe('uehub-probe');
        }
      } finally {
        await orm.close(true);
      }
    });
  });

  describe('when a plain client connects, as the LISTEN path does', () => {
    it('should apply the same session settings', async () => {
      const client = new pg.Client(pgConnectionOptions(db.url, 'uehub-probe-listener'));
      await client.connect();
      try {
        expect(await showSettings(async (sql) => (await client.query<Row>(sql)).rows)).toEqual(EXPECTED_SETTINGS);
      } finally {
        await client.end();
      }
    });
  });

  describe('when the URL says sslmode=require and the server has no TLS', () => {
    const requireTls = (url: string): string => withUrl(url, (u) => u.searchParams.set('sslmode', 'require'));

    it('should refuse to connect instead of falling back to plain text', async () => {
      const client = new pg.Client(pgConnectionOptions(requireTls(db.url), 'uehub-probe'));
      await expect(client.connect()).rejects.toThrow(/does not support SSL/);

      const plain = new pg.Client(pgConnectionOptions(db.url, 'uehub-probe'));
      await plain.connect();
      await plain.end();
    });

    it('should make the ORM fail the same way', async () => {
      const query = async (url: string): Promise<void> => {
        const orm = await openServiceOrm(probeDatabase(url));
        try {
          await orm.em.fork().execute('select 1');
        } finally {
          await orm.close(true);
        }
      };
      await expect(query(requireTls(db.url))).rejects.toThrow(/does not support SSL/);
      await expect(query(db.url)).resolves.toBeUndefined();
    });
  });

  describe('when ensureDatabase runs twice', () => {
    it('should create the database once and then leave it be', async () => {
      const url = withUrl(db.url, (u) => (u.pathname = `/uehub_t_db_ensure_${uniqueSuffix()}`));
      try {
        expect(await databaseExists(url)).toBe(false);
        await ensureDatabase(url);
        await ensureDatabase(url);
        expect(await databaseExists(url)).toBe(true);
      } finally {
        await dropDatabase(url);
      }
    });
  });

  describe('when migrateService runs twice', () => {
    it('should create database, schema and table once, then apply nothing', async () => {
      const url = withUrl(db.url, (u) => (u.pathname = `/uehub_t_db_migrate_${uniqueSuffix()}`));
      const service = probeDatabase(url, [{ name: 'Migration20260101000000_probe', class: CreateProbeTable }]);
      try {
        expect(await migrateService(service)).toEqual(['Migration20260101000000_probe']);
        expect(await migrateService(service)).toEqual([]);

        const client = new pg.Client(pgConnectionOptions(url, 'uehub-probe'));
        await client.connect();
        try {
          const table = await client.query(`select to_regclass('${SCHEMA}.probe_item') as name`);
          expect(table.rows[0].name).toBe(`${SCHEMA}.probe_item`);
          const applied = await client.query(`select name from ${SCHEMA}.probe_migrations`);
          expect(applied.rows.map((r: Row) => r.name)).toEqual(['Migration20260101000000_probe']);
        } finally {
          await client.end();
        }
      } finally {
        await dropDatabase(url);
      }
    });
  });
});
