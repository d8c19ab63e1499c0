import { MikroORM } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@uehub/database';
import { inventoryDatabase, migrateInventory } from './inventory.app';
import { openInventoryFixture, type InventoryFixture } from './inventory.fixture';
import { itemRepository } from './items/item.repository';
import { inventoryMigrations } from './migrations';

/** Constraints, indexes and views of the inventory schema, as the catalog lists them. */
async function catalog(f: InventoryFixture) {
  const em = f.orm.em.fork();
  const constraints = await em.execute<{ conname: string; def: string; convalidated: boolean }[]>(
    `select conname, pg_get_constraintdef(oid) as def, convalidated from pg_constraint
      where conrelid = 'inventory.inventory_items'::regclass order by conname`,
  );
  const indexes = await em.execute<{ indexname: string; indexdef: string }[]>(
    `select indexname, indexdef from pg_indexes where schemaname = 'inventory' and tablename = 'inventory_items' order by indexname`,
  );
  const views = await em.execute<{ table_name: string }[]>(
    `select table_name from information_schema.views where table_schema = 'inventory' order by table_name`,
  );
  return { constraints, indexes, views };
}

describe('inventory schema (PostgreSQL)', () => {
  let f: InventoryFixture;
  beforeAll(async () => {
    f = await openInventoryFixture('inv_schema');
  });
  afterAll(() => f.close());

  it('should have the constraints and indexes the product asked for', async () => {
    const { constraints, indexes, views } = await catalog(f);
    const byName = Object.fromEntries(constraints.map((c) => [c.conname, c]));
    expect(byName.inventory_items_qty_check.def).toBe('CHECK ((qty >= 0))');
    expect(byName.inventory_items_min_qty_check.def).toBe('CHECK ((min_qty >= 0))');
    expect(byName.inventory_items_user_id_fkey.def).toContain('REFERENCES inventory.inventory_user_refs(id)');
    expect(constraints.every((c) => c.convalidated)).toBe(true);
    const defs = Object.fromEntries(indexes.map((i) => [i.indexname, i.indexdef]));
    expect(defs.inventory_items_user_id_idx).toMatch(/USING btree \(user_id\)$/);
    expect(defs.inventory_items_location_user_id_idx).toMatch(/USING btree \(location, user_id\)$/);
    expect(defs.inventory_items_sku_location_unique).toMatch(/UNIQUE INDEX .* \(lower\(sku\), location\) WHERE \(deleted_at IS NULL\)/);
    expect(defs.inventory_items_search_idx).toMatch(/USING gin \(search_vector\)/);
    expect(views.map((v) => v.table_name)).toEqual(['inventory_low_stock_report', 'inventory_stock_by_location']);
  });

  it('should refuse negative quantities in the database itself', async () => {
    const insert = (qty: number, minQty: number) =>
      f.orm.em.fork().execute(
        `insert into inventory.inventory_items (id, sku, name, location, qty, min_qty, created_at, updated_at, version)
         values (gen_random_uuid(), 'NEG', 'Negative', 'Depot', ?, ?, now(), now(), 1)`,
        [qty, minQty],
      );
    await expect(insert(-1, 0)).rejects.toMatchObject({ code: '23514' });
    await expect(insert(0, -1)).rejects.toMatchObject({ code: '23514' });
  });

  it('should answer the user-inventory query from the user_id index', async () => {
    const users = await Promise.all(Array.from({ length: 50 }, () => f.addUser()));
    await f.orm.em.fork().execute(
      `insert into inventory.inventory_items (id, sku, name, location, qty, min_qty, user_id, created_at, updated_at, version)
       select gen_random_uuid(), 'SKU-' || g, 'Item ' || g, 'Loc ' || (g % 20), g % 7, 1, (?::uuid[])[1 + g % 50], now(), now(), 1
         from generate_series(1, 5000) g`,
      [`{${users.join(',')}}`],
    );
    await f.orm.em.fork().execute('analyze inventory.inventory_items');
    const sql = itemRepository.HELD_BY.replace('user_id = ?', `user_id = '${users[7]}'`);
    const [{ 'QUERY PLAN': plan }] = await f.orm.em.fork().execute<{ 'QUERY PLAN': unknown }[]>(`explain (format json) ${sql}`);
    expect(JSON.stringify(plan)).toContain('"Index Name":"inventory_items_user_id_idx"');
    const held = await itemRepository.heldBy(f.orm.em.fork(), users[7]);
    expect(held).toHaveLength(100);
    expect(held.map((i) => i.name)).toEqual([...held.map((i) => i.name)].sort());
  });

  it('should change nothing when migrations run twice, even with their bookkeeping gone', async () => {
    const before = await catalog(f);
    expect(await migrateInventory(f.config)).toEqual([]);
    await f.orm.em.fork().execute('truncate inventory.inventory_migrations');
    expect(await migrateInventory(f.config)).toHaveLength(inventoryMigrations.length);
    expect(await catalog(f)).toEqual(before);
  });
});

describe('inventory migrations on a live table (PostgreSQL)', () => {
  let f: InventoryFixture;
  beforeAll(async () => {
    f = await openInventoryFixture('inv_live', { migrate: false });
  });
  afterAll(() => f.close());

  it('should add min_qty and search to existing rows in batches, then constrain', async () => {
    const db = inventoryDatabase(f.config);
    const orm = await MikroORM.init(serviceOrmOptions(db, f.config.database.directUrl, 'test-partial-migrate'));
    await orm.em.getConnection().execute('create schema if not exists inventory');
    await orm.migrator.up({ to: inventoryMigrations[0].name });
    await orm.em.fork().execute(
      `insert into inventory.inventory_items (id, sku, name, description, location, qty, created_at, updated_at, version)
       select gen_random_uuid(), 'OLD-' || g, 'Old item ' || g, 'from the monolith', 'Depot', g % 5, now(), now(), 1
         from generate_series(1, 2500) g`,
    );
    await orm.close(true);

    expect(await migrateInventory(f.config)).toEqual(inventoryMigrations.slice(1).map((m) => m.name));
    const [row] = await f.orm.em.fork().execute<{ missing_min: number; missing_search: number; found: number }[]>(
      `select count(*) filter (where min_qty is null)::int as missing_min,
              count(*) filter (where search_vector is null)::int as missing_search,
              count(*) filter (where search_vector @@ websearch_to_tsquery('simple', 'monolith'))::int as found
         from inventory.inventory_items`,
    );
    expect(row).toEqual({ missing_min: 0, missing_search: 0, found: 2500 });
    const [column] = await f.orm.em.fork().execute<{ is_nullable: string; column_default: string }[]>(
      `select is_nullable, column_default from information_schema.columns
        where table_schema = 'inventory' and table_name = 'inventory_items' and column_name = 'min_qty'`,
    );
    expect(column).toEqual({ is_nullable: 'NO', column_default: '0' });
  });
});
