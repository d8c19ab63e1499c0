import { Client } from 'pg';
import { uniqueSuffix } from './test-environment';

/** A service's two login roles in a test database: the owner that migrates, the runtime role the service runs as. */
export interface TestServiceRoles {
  owner: string;
  runtime: string;
  ownerUrl: string;
  runtimeUrl: string;
  /** Drops both roles (after the database is gone, so they own nothing). */
  drop(): Promise<void>;
}

function withUser(databaseUrl: string, user: string): string {
  const url = new URL(databaseUrl);
  url.username = user;
  url.password = '';
  return url.toString();
}

/** The same server's `postgres` database (the test database may be gone by then). */
function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

async function asAdmin(databaseUrl: string, statements: string[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an owner and a runtime login role for `service` (cluster-wide, so with a unique suffix),
 * as the ops step does on Neon: the owner may create the service's schema in the database, the
 * runtime role only connect. Runs as the test server's admin (the URL's user).
 */
export async function createServiceRoles(databaseUrl: string, service: string): Promise<TestServiceRoles> {
  const base = `uehub_t_${service}_${uniqueSuffix()}`;
  const owner = `${base}_owner`;
  const runtime = `${base}_app`;
  const database = new URL(databaseUrl).pathname.slice(1);
  await asAdmin(databaseUrl, [
    `create role ${owner} login`,
    `create role ${runtime} login`,
    `grant create, connect on database "${database}" to ${owner}`,
    `grant connect on database "${database}" to ${runtime}`,
  ]);
  return {
    owner,
    runtime,
    ownerUrl: withUser(databaseUrl, owner),
    runtimeUrl: withUser(databaseUrl, runtime),
    drop: () => asAdmin(maintenanceUrl(databaseUrl), [`drop role if exists ${runtime}`, `drop role if exists ${owner}`]),
  };
}
