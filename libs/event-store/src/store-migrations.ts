import { Migration } from '@mikro-orm/migrations';
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
