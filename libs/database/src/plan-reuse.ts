import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/**
 * Statements one connection keeps prepared at most. The services' statements are fixed texts
 * (a few dozen per service), so the bound only matters for a text built per call: past it, new
 * texts go unnamed (parsed and planned each time, as before) and nothing grows without end.
 */
export const MAX_PREPARED_PER_CONNECTION = 500;

type Query = (text: unknown, values?: unknown, callback?: unknown) => unknown;

/** The statement's name on a connection: the same text, the same name. */
export function statementName(text: string): string {
  return `u${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

/**
 * Lets PostgreSQL reuse its plans. Kysely's pg driver sends every statement unnamed, which
 * PostgreSQL parses and plans on every execution (about 0.7 ms for an append's CTE). On each
 * connection of `pool`, a statement with bind values is instead sent as a named prepared
 * statement, parsed once per connection (pg keeps track of which it has prepared), and executed
 * with a cached or generic plan afterwards. Only for a connection that reaches PostgreSQL itself
 * or a pooler that carries protocol-level prepared statements (PgBouncer 1.21 and later with
 * `max_prepared_statements`; docs/neon.md): an older pooler in transaction mode would send the
 * execution to a server connection that never saw the statement.
 */
export function reusePlans(pool: Pool): void {
  pool.on('connect', (client: PoolClient) => {
    const prepared = new Set<string>();
    const query = client.query.bind(client) as Query;
    const named: Query = (text, values, callback) => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(text, values, callback);
      const name = statementName(text);
      if (!prepared.has(name)) {
        if (prepared.size >= MAX_PREPARED_PER_CONNECTION) return query(text, values);
        prepared.add(name);
      }
      return query({ name, text, values });
    };
    Object.assign(client, { query: named });
  });
}
