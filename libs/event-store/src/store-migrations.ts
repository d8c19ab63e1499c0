import { Migration } from '@mikro-orm/migrations';
import { outOfBandDdl } from './out-of-band';
import { outboxClaimsDdl, type StoreTables } from './tables';

/**
 * The migration that brings a service's event store to the relay with claims and parking
 * (`outboxClaimsDdl`); outside a transaction, because its index is built concurrently.
 */
export function outboxClaimsMigration(tables: StoreTables): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class OutboxClaimsMigration extends Migration {
    override isTransactional(): boolean {
      return false;
    }

    override async up(): Promise<void> {
      for (const sql of outboxClaimsDdl(tables)) await this.execute(sql);
    }
  };
}

/** The migration that puts the out-of-band trigger on a service's projection tables (`outOfBandDdl`). */
export function outOfBandMigration(tables: StoreTables, projectionTables: readonly string[]): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class OutOfBandMigration extends Migration {
    override async up(): Promise<void> {
      for (const sql of outOfBandDdl(tables, projectionTables)) this.addSql(sql);
    }
  };
}
