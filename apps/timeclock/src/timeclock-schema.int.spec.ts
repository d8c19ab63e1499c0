import { timeclockMigrations } from './migrations';
import { migrateTimeclock } from './timeclock.app';
import { openTimeclockFixture, type TimeclockFixture } from './timeclock.fixture';

const SHIFTS = 'timeclock.timeclock_shifts';

/** Constraints and indexes of the shift table, as the catalog lists them. */
async function catalog(f: TimeclockFixture) {
  const em = f.orm.em.fork();
  const constraints = await em.execute<{ conname: string; def: string; convalidated: boolean }[]>(
    `select conname, pg_get_constraintdef(oid) as def, convalidated from pg_constraint where conrelid = '${SHIFTS}'::regclass order by conname`,
  );
  const indexes = await em.execute<{ indexname: string; indexdef: string }[]>(
    `select indexname, indexdef from pg_indexes where schemaname = 'timeclock' and tablename = 'timeclock_shifts' order by indexname`,
  );
  return { constraints, indexes };
}

describe('timeclock schema (PostgreSQL)', () => {
  let f: TimeclockFixture;
  let user: string;
  const insert = (id: string, start: string, end: string | null) =>
    f.orm.em.fork().execute(
      `insert into ${SHIFTS} (id, user_id, started_at, ended_at, start_received_at, created_at, updated_at, version)
       values (?, ?, ?, ?, now(), now(), now(), 1)`,
      [id, user, start, end],
    );

  beforeAll(async () => {
    f = await openTimeclockFixture('tc_schema');
    user = await f.addUser();
  });
  afterAll(() => f.close());

  it('should hold the punch invariants in its catalog', async () => {
    const { constraints, indexes } = await catalog(f);
    const byName = Object.fromEntries(constraints.map((c) => [c.conname, c.def]));
    expect(byName.timeclock_shifts_end_after_start).toBe('CHECK (((ended_at IS NULL) OR (ended_at > started_at)))');
    expect(byName.timeclock_shifts_no_overlap).toBe("EXCLUDE USING gist (user_id WITH =, tstzrange(started_at, ended_at, '[)'::text) WITH &&)");
    expect(byName.timeclock_shifts_user_id_fkey).toContain('REFERENCES timeclock.timeclock_user_refs(id)');
    expect(constraints.every((c) => c.convalidated)).toBe(true);
    const defs = Object.fromEntries(indexes.map((i) => [i.indexname, i.indexdef]));
    expect(defs.timeclock_shifts_one_open).toMatch(/^CREATE UNIQUE INDEX timeclock_shifts_one_open ON timeclock\.timeclock_shifts USING btree \(user_id\) WHERE \(ended_at IS NULL\)$/);
  });

  it('should refuse, in SQL alone, a second open shift, an overlap and an end before the start', async () => {
    await insert('0190f0a0-0000-7000-8000-00000000000a', '2026-11-20T08:00:00Z', '2026-11-20T16:00:00Z');
    await insert('0190f0a0-0000-7000-8000-00000000000b', '2026-11-21T08:00:00Z', null);
    // a second open shift of the same user (two open shifts also overlap, so the exclusion constraint refuses first)
    await expect(insert('0190f0a0-0000-7000-8000-00000000000c', '2026-11-22T08:00:00Z', null)).rejects.toMatchObject({ code: '23P01' });
    // the unique index refuses it on its own: without the exclusion constraint (dropped in a transaction, rolled back)
    const alone = f.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`alter table ${SHIFTS} drop constraint timeclock_shifts_no_overlap`);
      await tx.execute(
        `insert into ${SHIFTS} (id, user_id, started_at, ended_at, start_received_at, created_at, updated_at, version) values (gen_random_uuid(), ?, '2026-11-22T08:00:00Z', null, now(), now(), now(), 1)`,
        [user],
      );
    });
    await expect(alone).rejects.toMatchObject({ code: '23505', constraint: 'timeclock_shifts_one_open' });
    expect((await catalog(f)).constraints.map((c) => c.conname)).toContain('timeclock_shifts_no_overlap');
    // overlapping the closed shift of the 20th
    await expect(insert('0190f0a0-0000-7000-8000-00000000000d', '2026-11-20T15:00:00Z', '2026-11-20T17:00:00Z')).rejects.toMatchObject({ code: '23P01' });
    // ending before it starts
    await expect(insert('0190f0a0-0000-7000-8000-00000000000e', '2026-11-19T10:00:00Z', '2026-11-19T09:00:00Z')).rejects.toMatchObject({ code: '23514' });
    // zero length is not "after"
    await expect(insert('0190f0a0-0000-7000-8000-00000000000f', '2026-11-19T10:00:00Z', '2026-11-19T10:00:00Z')).rejects.toMatchObject({ code: '23514' });
    // touching shifts are fine: [08:00, 16:00) and [16:00, 18:00)
    await insert('0190f0a0-0000-7000-8000-000000000010', '2026-11-20T16:00:00Z', '2026-11-20T18:00:00Z');
    // another user may work at the same time
    const other = await f.addUser();
    await f.orm.em.fork().execute(
      `insert into ${SHIFTS} (id, user_id, started_at, ended_at, start_received_at, created_at, updated_at, version) values (gen_random_uuid(), ?, '2026-11-20T09:00:00Z', null, now(), now(), now(), 1)`,
      [other],
    );
  });

  it('should change nothing when migrations run twice, even with their bookkeeping gone', async () => {
    const before = await catalog(f);
    expect(await migrateTimeclock(f.config)).toEqual([]);
    await f.orm.em.fork().execute('truncate timeclock.timeclock_migrations');
    expect(await migrateTimeclock(f.config)).toHaveLength(timeclockMigrations.length);
    expect(await catalog(f)).toEqual(before);
  });
});
