import { MikroORM } from '@mikro-orm/postgresql';
import { serviceOrmOptions, type ServiceDatabase } from '@uehub/database';
import type { Pool, PoolClient } from 'pg';

/** A service's ORM whose statements to PostgreSQL (begin and commit included) are recorded, one entry a round trip. */
export interface CountingOrm {
  orm: MikroORM;
  /** The statements sent since the last `reset`, each as its first words (`begin`, `insert into …`). */
  statements(): string[];
  reset(): void;
}

const WORDS = 3;

/** Opens the service's ORM as `openServiceOrm` does, with every query on its pool's connections recorded. */
export async function openCountingOrm(db: ServiceDatabase): Promise<CountingOrm> {
  let sent: string[] = [];
  const wrapped = new WeakSet<PoolClient>();
  const record = (client: PoolClient) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const [text] = args;
        const sql = typeof text === 'string' ? text : String((text as { text?: string })?.text ?? '');
        sent.push(sql.trim().split(/\s+/).slice(0, WORDS).join(' ').toLowerCase());
        return query(...args);
      },
    });
  };
  const options = serviceOrmOptions(db, db.target.pooledUrl, `uehub-${db.service}-counted`);
  const orm = await MikroORM.init({
    ...options,
    driverOptions: { ...options.driverOptions, onPoolCreated: (pool: Pool) => pool.on('acquire', record) },
  });
  return { orm, statements: () => [...sent], reset: () => (sent = []) };
}
