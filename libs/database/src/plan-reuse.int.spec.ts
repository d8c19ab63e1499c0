import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@uehub/testing';
import { MAX_PREPARED_PER_CONNECTION, statementName } from './plan-reuse';
import { openServiceOrm } from './service-orm';

type Prepared = { name: string; statement: string };
const PROBE = 'select ?::int + 1 as n, ?::text as plan_probe';
const SENT = 'select $1::int + 1 as n, $2::text as plan_probe';

/** The named statements of the transaction's own connection. */
const preparedOn = (tx: EntityManager) => tx.execute<Prepared[]>('select name, statement from pg_prepared_statements order by prepare_time');

describe('plan reuse (named prepared statements)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const orms: MikroORM[] = [];
  const open = async (preparedStatements?: boolean) => {
    const target = { pooledUrl: db.url, directUrl: db.url, schema: 'public', ...(preparedStatements === undefined ? {} : { preparedStatements }) };
    const orm = await openServiceOrm({ service: 'probe', target, entities: [], migrations: [], poolMax: 1 });
    orms.push(orm);
    return orm;
  };

  beforeAll(async () => {
    db = await createTestDatabase('db_plans');
  });
  afterAll(async () => {
    for (const orm of orms) await orm.close(true);
    await db?.drop();
  });

  it('should prepare a statement with values once per connection and run it by name after that', async () => {
    const orm = await open();
    await orm.em.fork().transactional(async (tx) => {
      for (let n = 1; n <= 3; n++) expect(await tx.execute(PROBE, [n, 'x'])).toEqual([{ n: n + 1, plan_probe: 'x' }]);
      expect(await preparedOn(tx)).toEqual([{ name: statementName(SENT), statement: SENT }]);
    });
    // the same connection (pool of one) still has it: a later transaction runs it without a new parse
    await orm.em.fork().transactional(async (tx) => {
      expect(await tx.execute(PROBE, [41, 'y'])).toEqual([{ n: 42, plan_probe: 'y' }]);
      expect((await preparedOn(tx)).map((p) => p.name)).toEqual([statementName(SENT)]);
    });
  });

  it('should keep a failed statement from breaking the connection or the next use of its name', async () => {
    const orm = await open();
    const failure = await orm.em
      .fork()
      .execute(PROBE, ['not a number', 'x'])
      .then(() => undefined, (error: unknown) => error as { code?: string });
    expect(failure?.code).toBe('22P02');
    expect(await orm.em.fork().execute(PROBE, [1, 'z'])).toEqual([{ n: 2, plan_probe: 'z' }]);
  });

  it('should send statements unnamed when told not to (a pooler without prepared statements)', async () => {
    const orm = await open(false);
    await orm.em.fork().transactional(async (tx) => {
      await tx.execute(PROBE, [1, 'x']);
      expect(await preparedOn(tx)).toEqual([]);
    });
  });

  it('should stop naming new texts on a connection that holds the most it may keep', async () => {
    const orm = await open();
    await orm.em.fork().transactional(async (tx) => {
      for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 5; i++) await tx.execute(`select ?::int as n${i}`, [i]);
      const [{ count }] = await tx.execute<{ count: number }[]>('select count(*)::int as count from pg_prepared_statements');
      expect(count).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
      expect(await tx.execute(`select ?::int as n${MAX_PREPARED_PER_CONNECTION + 9}`, [7])).toEqual([{ [`n${MAX_PREPARED_PER_CONNECTION + 9}`]: 7 }]);
    });
  });
});
