import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EventEnvelope, OutOfBandChange } from '@uehub/contracts';
import { migrateService, openServiceOrm } from '@uehub/database';
import { createTestDatabase, testSubjectPrefix } from '@uehub/testing';
import { parseEnvelope } from './envelope-guard';
import { markServiceWriter, outOfBandDrift, outOfBandMark, recordSubjectPrefix } from './out-of-band';
import { outOfBandMigration } from './store-migrations';
import { eventStoreDdl, storeTables } from './tables';

// a service's name, so the events pass the consumers' origin check; its own database
const tables = storeTables('inventory');
const ROWS = 'inventory.oob_rows';

class InitStore extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(tables)) this.addSql(sql);
    this.addSql(`create table ${ROWS} (id integer primary key, qty integer not null)`);
  }
}

const migrations: MigrationObject[] = [
  { name: 'Migration1_init', class: InitStore },
  { name: 'Migration2_out_of_band', class: outOfBandMigration(tables, [ROWS]) },
];

describe('out-of-band capture (PostgreSQL)', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  const prefix = testSubjectPrefix('oob');

  beforeAll(async () => {
    const database = await createTestDatabase('oob_capture');
    drop = database.drop;
    const db = { service: 'inventory', target: { pooledUrl: database.url, directUrl: database.url, schema: 'inventory' }, entities: [], migrations };
    await migrateService(db);
    orm = await openServiceOrm(db);
    await recordSubjectPrefix(orm.em.fork(), tables, prefix);
  });
  afterAll(async () => {
    await orm?.close(true);
    await drop?.();
  });

  const outbox = () =>
    orm.em.fork().execute<{ subject: string; envelope: EventEnvelope & { data: OutOfBandChange } }[]>(`select subject, envelope from ${tables.outbox} order by position`);

  it('should record nothing for a transaction that marked itself as the service', async () => {
    await orm.em.fork().transactional(async (tx) => {
      await markServiceWriter(tx, tables);
      await tx.execute(`insert into ${ROWS} (id, qty) values (1, 5), (2, 6)`);
      await tx.execute(`update ${ROWS} set qty = qty + 1`);
    });
    expect(await outbox()).toEqual([]);
    expect(await outOfBandDrift(orm.em.fork(), tables)).toEqual({ outOfBandChanges: 0 });
  });

  it('should record every other INSERT, UPDATE, DELETE and TRUNCATE, in order, as valid events of the db stream', async () => {
    const em = orm.em.fork();
    await em.execute(`insert into ${ROWS} (id, qty) values (3, 1)`);
    await em.execute(`update ${ROWS} set qty = 999 where id = 1`);
    await em.execute(`delete from ${ROWS} where id = 2`);
    await em.execute(`truncate ${ROWS}`);
    const rows = await outbox();
    expect(rows.map((r) => [r.envelope.data.operation, r.envelope.stream.version, r.envelope.data.before, r.envelope.data.after])).toEqual([
      ['INSERT', 1, null, { id: 3, qty: 1 }],
      ['UPDATE', 2, { id: 1, qty: 6 }, { id: 1, qty: 999 }],
      ['DELETE', 3, { id: 2, qty: 7 }, null],
      ['TRUNCATE', 4, null, null],
    ]);
    expect(rows[1].envelope.changes).toEqual({ qty: { from: 6, to: 999 } });
    expect(rows[1].envelope.data).toMatchObject({ table: ROWS, currentUser: 'postgres', sessionUser: 'postgres' });
    for (const row of rows) {
      expect(row.subject).toBe(`${prefix}.events.inventory.db.out_of_band_change`);
      const parsed = parseEnvelope(JSON.stringify(row.envelope), row.subject, prefix);
      expect(parsed).toMatchObject({ ok: true });
    }
    const [stored] = await em.execute<{ n: number }[]>(`select count(*)::int as n from ${tables.events} where stream_type = 'db'`);
    expect(stored.n).toBe(4);
  });

  it('should show the drift until a clean rebuild check explains it', async () => {
    expect(await outOfBandDrift(orm.em.fork(), tables)).toEqual({ outOfBandChanges: 4 });
    const mark = await outOfBandMark(orm.em.fork(), tables);
    await orm.em.fork().execute(`insert into ${ROWS} (id, qty) values (9, 9)`); // after the mark: still drift
    await mark.explain();
    expect(await outOfBandDrift(orm.em.fork(), tables)).toEqual({ outOfBandChanges: 1 });
  });

  it('should refuse a direct call of the recording function, so nobody forges an out-of-band entry', async () => {
    const forged = `select inventory.inventory_record_out_of_band('{"table": "inventory.oob_rows", "operation": "UPDATE", "sessionUser": "nobody", "at": "2026-01-01T00:00:00.000Z"}'::jsonb, null)`;
    const before = await outbox();
    await expect(orm.em.fork().execute(forged)).rejects.toThrow(/recorded by the capture trigger only/);
    expect(await outbox()).toEqual(before);
  });
});
