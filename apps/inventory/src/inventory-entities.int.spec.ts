import type { MikroORM } from '@mikro-orm/postgresql';
import { openInventoryFixture, type InventoryFixture } from './inventory.fixture';

describe('inventory entities against the migrated schema (PostgreSQL)', () => {
  let f: InventoryFixture;
  let orm: MikroORM;
  beforeAll(async () => {
    f = await openInventoryFixture('inv_entities');
    orm = f.orm;
  });
  afterAll(() => f.close());

  it('should find nothing to change: the entities describe the tables the migrations made', async () => {
    const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false });
    expect(sql).toBe('');
  });

  it('should notice a column the entities do not describe (the check is not blind)', async () => {
    await f.orm.em.fork().execute('alter table inventory.inventory_items add column shelf text');
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false })).toContain('drop column "shelf"');
    } finally {
      await f.orm.em.fork().execute('alter table inventory.inventory_items drop column shelf');
    }
  });
});
