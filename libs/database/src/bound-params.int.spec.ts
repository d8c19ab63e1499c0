import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@uehub/testing';
import { bindParameters } from './bind-parameters';
import { isConnectionError } from './connection-errors';
import { isDataError } from './data-errors';
import { openServiceOrm } from './service-orm';

type Row = Record<string, unknown>;

describe('values sent to PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase('db_bound');
    orm = await openServiceOrm({ service: 'probe', target: { pooledUrl: db.url, directUrl: db.url, schema: 'public' }, entities: [], migrations: [] });
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('should refuse a NUL in a parameter as data (22021), not as a broken connection', async () => {
    const failure = await orm.em
      .fork()
      .execute('select ?::text as v', ['a\u0000b'])
      .then(() => undefined, (error: unknown) => error);
    expect((failure as { code?: string }).code).toBe('22021');
    expect(isDataError(failure)).toBe(true);
    expect(isConnectionError(failure)).toBe(false);
    // the pool still works
    expect(await orm.em.fork().execute<Row[]>('select ?::int + 1 as n', [41])).toEqual([{ n: 42 }]);
  });

  it('should send placeholders ($1) and never the value in the statement text', async () => {
    const [row] = await orm.em
      .fork()
      .execute<Row[]>(`select ?::text as v, (select query from pg_stat_activity where pid = pg_backend_pid()) as q`, ["o'secret-value"]);
    expect(row.v).toBe("o'secret-value");
    expect(row.q).toContain('$1::text');
    expect(row.q).not.toContain('secret-value');
  });

  it('should show $1 placeholders in pg_stat_statements when the extension can be used', async () => {
    const em = orm.em.fork();
    try {
      await em.execute('create extension if not exists pg_stat_statements');
      await em.execute('select pg_stat_statements_reset()');
    } catch (error) {
      console.log(`pg_stat_statements part skipped: ${(error as Error).message} (it needs shared_preload_libraries)`);
      return;
    }
    await em.execute('select ?::text as bound_probe', ['value-never-in-the-text']);
    const rows = await em.execute<{ query: string }[]>(`select query from pg_stat_statements where query like '%bound_probe%' and query not like '%pg_stat_statements%'`);
    expect(rows.map((r) => r.query)).toEqual(['select $1::text as bound_probe']);
  });

  it('should keep the ORM statement forms: lists, identifiers, escaped question marks, JSON, dates, transactions', async () => {
    const em = orm.em.fork();
    expect(await em.execute<Row[]>('select count(*)::int as n from (values (1), (2), (3)) v(x) where x in (?)', [[1, 3]])).toEqual([{ n: 2 }]);
    expect(await em.execute<Row[]>(`select ?? from (select 7 as "odd name") t`, ['odd name'])).toEqual([{ 'odd name': 7 }]);
    expect(await em.execute<Row[]>(`select '{"a":1}'::jsonb \\? ? as has`, ['a'])).toEqual([{ has: true }]);
    expect(await em.execute<Row[]>('select (?::jsonb)->>? as a', [{ a: 'x' }, 'a'])).toEqual([{ a: 'x' }]);
    const [time] = await em.execute<Row[]>(`select to_char(?::timestamptz at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as t`, [new Date('2026-01-02T03:04:05.678Z')]);
    expect(time.t).toBe('2026-01-02 03:04:05.678');
    await em.execute('create table if not exists public.bound_probe (v text)');
    await expect(
      em.transactional(async (tx) => {
        await tx.execute('insert into public.bound_probe (v) values (?)', ['rolled back']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await em.transactional((tx) => tx.execute('insert into public.bound_probe (v) values (?)', ['kept']));
    expect(await em.execute<Row[]>('select v from public.bound_probe')).toEqual([{ v: 'kept' }]);
  });

  it('should turn ORM placeholders into numbered ones (unit)', () => {
    expect(bindParameters('a = ? and b in (?) and ?? = \\? and c = ?', [1, [2, 3], 'col', undefined], (id) => `"${id}"`)).toEqual({
      sql: 'a = $1 and b in ($2, $3) and "col" = ? and c = $4',
      params: [1, 2, 3, null],
    });
  });
});
