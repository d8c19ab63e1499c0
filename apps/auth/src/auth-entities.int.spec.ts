import type { MikroORM } from '@mikro-orm/postgresql';
import { openAuthFixture, type AuthFixture } from './auth.fixture';

describe('auth entities against the migrated schema (PostgreSQL)', () => {
  let f: AuthFixture;
  let orm: MikroORM;
  beforeAll(async () => {
    f = await openAuthFixture('auth_entities');
    orm = f.orm;
  });
  afterAll(() => f.close());

  it('should find nothing to change: the entities describe the tables the migrations made', async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false })).toBe('');
  });
});
