import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { BoundParamsDriver } from './bound-params-driver';
import { pgConnectionOptions, preparesStatements, viaPooler, type DatabaseTarget } from './database-url';
import { ensureDatabase, quoteIdent } from './ensure-database';
import { guardPool } from './pool-guard';
import { reusePlans } from './plan-reuse';
import { trackPool } from './pool-metrics';
import { QueryMetricsLogger } from './query-metrics-logger';
import { migrationUrlOf, runtimeGrantStatements, runtimeRolesOf } from './service-roles';
import { missingSessionSettings, roleSettingStatements, setPooledRoleSettings } from './role-settings';

type Constructor<T> = new (...args: never[]) => T;

/** What a service tells the database lib about itself. */
export interface ServiceDatabase {
  service: string;
  target: DatabaseTarget;
  entities: Constructor<object>[];
  migrations: MigrationObject[];
  /** Largest pool size (the target's `poolMax` wins); pools shrink to zero when idle (serverless friendly). */
  poolMax?: number;
  /** Queries slower than this (ms) are logged and counted (default 1000). */
  slowQueryMs?: number;
  /** Tables the runtime role may only insert into and read (the audit log). */
  appendOnlyTables?: string[];
}

/** Largest pool of a service unless its settings say otherwise (`DATABASE_POOL_MAX`). */
const DEFAULT_POOL_MAX = 5;

/** Idle connections are closed after this long, so an idle service holds no connection. */
const POOL_IDLE_MS = 10_000;

/** MikroORM options for one service on one URL: SSL, session settings, small shrinking pool. */
export function serviceOrmOptions(db: ServiceDatabase, url: string, applicationName: string): Options {
  const startupOptions = !viaPooler(db.target, url);
  const { host, port, user, password, database, ssl, options, application_name } = pgConnectionOptions(url, applicationName, { startupOptions });
  return {
    // values travel as bind parameters, never formatted into the SQL text
    driver: BoundParamsDriver,
    host,
    port,
    user,
    password,
    dbName: database,
    schema: db.target.schema,
    entities: db.entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: db.entities.length > 0 },
    extensions: [Migrator],
    pool: { min: 0, max: db.target.poolMax ?? db.poolMax ?? DEFAULT_POOL_MAX, idleTimeoutMillis: POOL_IDLE_MS },
    driverOptions: {
      ssl,
      options,
      application_name,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      onPoolCreated: guardPool,
    },
    migrations: {
      migrationsList: db.migrations,
      tableName: `${db.service}_migrations`,
      snapshot: false,
      snapshotName: `${db.service}-schema`,
      // each migration commits on its own, so a later one may run outside a transaction
      // (batched back-fills, CREATE INDEX CONCURRENTLY); migrations qualify every name
      transactional: true,
      silent: true,
      allOrNothing: false,
      disableForeignKeys: false,
    },
    // triggers (out-of-band capture, the audit log's append-only guard) come from migrations, not entities
    schemaGenerator: { ignoreTriggers: true },
    forceUtcTimezone: true,
    ensureDatabase: false,
    allowGlobalContext: false,
    // the query logger sees every query with its duration without query logging switched on
    debug: false,
    loggerFactory: (options) => new QueryMetricsLogger(options, { service: db.service, slowQueryMs: db.slowQueryMs }),
  };
}

/**
 * Opens the service's ORM on its pooled URL (for queries); its pool is reported at scrape time.
 * Through a pooler it first checks that the role's defaults put the session settings in force.
 */
export async function openServiceOrm(db: ServiceDatabase): Promise<MikroORM> {
  const options = serviceOrmOptions(db, db.target.pooledUrl, `uehub-${db.service}`);
  const onPoolCreated = (pool: Pool) => {
    guardPool(pool);
    trackPool(db.service, pool);
    if (preparesStatements(db.target)) reusePlans(pool);
  };
  const orm = await MikroORM.init({ ...options, driverOptions: { ...options.driverOptions, onPoolCreated } });
  if (viaPooler(db.target, db.target.pooledUrl)) {
    const missing = await missingSessionSettings((sql) => orm.em.getConnection().execute(sql)).catch(async (error: unknown) => {
      await orm.close(true);
      throw error;
    });
    if (missing.length > 0) {
      await orm.close(true);
      throw new Error(
        `Session settings not in force through the pooled URL (${missing.join(', ')}): the pooler drops startup options, ` +
          `so run \`migrate\` or, as the role's owner: ${roleSettingStatements(db.target).join('; ')} (docs/neon.md)`,
      );
    }
  }
  return orm;
}

/**
 * Applies pending migrations on the direct URL: creates the database and schema when missing.
 * Explicit step of start-up (never run implicitly on module init); running it twice changes nothing.
 */
export async function migrateService(db: ServiceDatabase): Promise<string[]> {
  const url = migrationUrlOf(db.target);
  await ensureDatabase(url);
  const orm = await MikroORM.init(serviceOrmOptions(db, url, `uehub-${db.service}-migrate`));
  try {
    await orm.em.getConnection().execute(`create schema if not exists ${quoteIdent(db.target.schema)}`);
    const applied = await orm.migrator.up();
    for (const sql of runtimeGrantStatements(db.target.schema, runtimeRolesOf(db.target), db.appendOnlyTables)) {
      await orm.em.getConnection().execute(sql);
    }
    if (viaPooler(db.target, db.target.pooledUrl)) {
      await setPooledRoleSettings(db.target, (sql) => orm.em.getConnection().execute(sql));
    }
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
