import { Migration } from '@mikro-orm/migrations';
import { idempotencyDdl } from './idempotency-store';
import type { StoreTables } from './tables';

/** A service's migration that adds `<prefix>_idempotency` (idempotent: `if not exists`). */
export function idempotencyMigration(tables: StoreTables): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class AddIdempotencyTable extends Migration {
    override up(): void {
      for (const sql of idempotencyDdl(tables)) this.addSql(sql);
    }
  };
}
