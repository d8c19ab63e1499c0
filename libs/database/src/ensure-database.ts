import pg from 'pg';
import { pgConnectionOptions } from './database-url';

/** Creates the database a URL names when it does not exist yet (connects to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<void> {
  const options = pgConnectionOptions(url, 'uehub-setup');
  const admin = new pg.Client({ ...options, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [options.database]);
    if (found.rowCount === 0) {
      await admin.query(`create database ${quoteIdent(options.database)}`).catch((error: { code?: string }) => {
        // another process created it between our check and our create
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

/** Drops a database (tests only); ends its other connections first. */
export async function dropDatabase(url: string): Promise<void> {
  const options = pgConnectionOptions(url, 'uehub-setup');
  const admin = new pg.Client({ ...options, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${quoteIdent(options.database)} with (force)`);
  } finally {
    await admin.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
