import type { MikroORM } from '@mikro-orm/postgresql';

/** What the entity schema specification needs of a service's test fixture. */
export interface EntitySchemaFixture {
  orm: MikroORM;
  close(): Promise<void>;
}

/** MikroORM's schema diff of the ORM's entities against the database ('' when they agree); tables no entity names are left alone. */
export function entitySchemaDiff(orm: MikroORM): Promise<string> {
  return orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false });
}

/**
 * The entity schema specification of a service (issue 7): the diff of its entities against the
 * migrated schema is empty, so a column, check or index named in one and not the other fails;
 * and a column added to `probeTable` behind the entities' back shows in the diff (it is not blind).
 */
export function entitySchemaSpecification(service: string, open: () => Promise<EntitySchemaFixture>, probeTable: string): void {
  describe(`${service} entities against the migrated schema (PostgreSQL)`, () => {
    let f: EntitySchemaFixture;
    beforeAll(async () => {
      f = await open();
    });
    afterAll(() => f.close());

    it('should find nothing to change: the entities describe the tables the migrations made', async () => {
      expect(await entitySchemaDiff(f.orm)).toBe('');
    });

    it('should notice a column the entities do not describe (the check is not blind)', async () => {
      await f.orm.em.fork().execute(`alter table ${probeTable} add column stray_probe text`);
      try {
        expect(await entitySchemaDiff(f.orm)).toContain('drop column "stray_probe"');
      } finally {
        await f.orm.em.fork().execute(`alter table ${probeTable} drop column stray_probe`);
      }
    });
  });
}
