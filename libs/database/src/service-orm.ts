import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { BoundParamsDriver } from './bound-params-driver';
import { pgConnectionOptions, type DatabaseTarget } from './database-url';
import { ensureDatabase, quoteIdent } from './ensure-database';
import { guardPool } from './pool-guard';
import { trackPool } from './pool-metrics';
import { QueryMetricsLogger } from './query-metrics-logger';

type Constructor<T> = new (...args: never[]) => T;

/** What a service tells the database lib about itself. */
export interface ServiceDatabase {
  service: string;
  target: DatabaseTarget;
  entities: Constructor<object>[];
  migrations: MigrationObject[];
  /** Largest pool size; pools shrink to zero when idle (serverless friendly). */
  poolMax?: number;
  /** Queries slower than this (ms) are logged and counted (default 1000). */
  slowQueryMs?: number;
}

/** Idle connections are closed after this long, so an idle service holds no connection. */
const POOL_IDLE_MS = 10_000;

/** MikroORM options for one service on one URL: SSL, session settings, small shrinking pool. */
export function serviceOrmOptions(db: ServiceDatabase, url: string, applicationName: string): Options {
  const { host, port, user, password, database, ssl, options, application_name } = pgConnectionOptions(url, applicationName);
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
    pool: { min: 0, max: db.poolMax ?? 5, idleTimeoutMillis: POOL_IDLE_MS },
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
    forceUtcTimezone: true,
    ensureDatabase: false,
    allowGlobalContext: false,
    // the query logger sees every query with its duration without query logging switched on
    debug: false,
    loggerFactory: (options) => new QueryMetricsLogger(options, { service: db.service, slowQueryMs: db.slowQueryMs }),
  };
}

/** Opens the service's ORM on its pooled URL (for queries); its pool is reported at scrape time. */
export async function openServiceOrm(db: ServiceDatabase): Promise<MikroORM> {
  const options = serviceOrmOptions(db, db.target.pooledUrl, `uehub-${db.service}`);
  const onPoolCreated = (pool: Pool) => {
    guardPool(pool);
    trackPool(db.service, pool);
  };
  return MikroORM.init({ ...options, driverOptions: { ...options.driverOptions, onPoolCreated } });
}

/**
 * Applies pending migrations on the direct URL: creates the database and schema when missing.
 * Explicit step of start-up (never run implicitly on module init); running it twice changes nothing.
 */
export async function migrateService(db: ServiceDatabase): Promise<string[]> {
  await ensureDatabase(db.target.directUrl);
  const orm = await MikroORM.init(serviceOrmOptions(db, db.target.directUrl, `uehub-${db.service}-migrate`));
  try {
    await orm.em.getConnection().execute(`create schema if not exists ${quoteIdent(db.target.schema)}`);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
