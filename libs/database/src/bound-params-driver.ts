import type { Configuration, LoggingOptions, Transaction } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver, type NativeQueryBuilder, type RawQueryFragment } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import { bindParameters } from './bind-parameters';

type Params = readonly unknown[] | Record<string, unknown>;
type Method = 'all' | 'get' | 'run';

/**
 * MikroORM formats every parameter into the SQL text before sending it (`em.execute(sql,
 * params)` and its query builder alike): PostgreSQL then parses and plans each statement anew,
 * and a NUL in a value breaks the protocol message (a class 08 error that looks like an
 * outage). This connection sends the values as bind parameters instead, through the same
 * Kysely client, transaction and query logging, so a bad value is refused as data (22xxx).
 */
export class BoundParamsConnection extends PostgreSqlConnection {
  override async execute<T>(
    query: string | NativeQueryBuilder | RawQueryFragment,
    params: Params = [],
    method: Method = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    const values = Array.isArray(params) ? params : undefined;
    const bound = typeof query === 'string' && values?.length ? bindParameters(query, values, (id) => this.platform.quoteIdentifier(id)) : undefined;
    if (!bound || !values || typeof query !== 'string') return super.execute<T & object>(query, params, method, ctx, loggerContext);
    await this.ensureConnection();
    const client = (ctx as ReturnType<PostgreSqlConnection['getClient']> | undefined) ?? this.getClient();
    return this.executeQuery(
      query,
      async () => this.transformRawResult<T>(await client.executeQuery(CompiledQuery.raw(bound.sql, bound.params)), method),
      { query, params: [...values], ...loggerContext },
    );
  }
}

/** The PostgreSQL driver with values sent as bind parameters (see BoundParamsConnection). */
export class BoundParamsDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    // the base class builds its connection in its constructor; replace it before anything connects
    Object.assign(this, { connection: new BoundParamsConnection(this.config) });
  }
}
