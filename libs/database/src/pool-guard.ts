import type { Pool, PoolClient } from 'pg';

/** How long a dead checked-out connection may wait for its owner to release it. */
const RELEASE_GRACE_MS = 1000;

/**
 * Frees pool slots held by connections that died while checked out (server restart, Neon
 * suspending a compute, `pg_terminate_backend`). Kysely releases a transaction's connection
 * only after a successful COMMIT or ROLLBACK; when the connection is gone both fail, the
 * slot would leak, and `pool.end()` would wait for it forever.
 */
export function guardPool(pool: Pool): void {
  const checkedOut = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.once('end', () => {
      setTimeout(() => {
        if (!checkedOut.has(client)) return;
        checkedOut.delete(client);
        try {
          client.release(new Error('connection ended while checked out'));
        } catch {
          // released meanwhile by its owner
        }
      }, RELEASE_GRACE_MS).unref();
    });
  });
}
