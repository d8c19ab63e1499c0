import { Migration } from '@mikro-orm/migrations';
import { addConstraintOnce, backfillInBatches } from './batched';

const ITEMS = 'inventory.inventory_items';

/**
 * Adds `min_qty` the way a live table needs it: nullable column (no rewrite), default for new
 * rows, back-fill in committed batches, constraints added NOT VALID then validated (no long
 * lock), and NOT NULL last (PostgreSQL skips the scan thanks to the validated check).
 */
export class InventoryMinQtyMigration extends Migration {
  override isTransactional(): boolean {
    return false;
  }

  override async up(): Promise<void> {
    await this.execute(`alter table ${ITEMS} add column if not exists min_qty integer`);
    await this.execute(`alter table ${ITEMS} alter column min_qty set default 0`);
    await backfillInBatches(
      this,
      `update ${ITEMS} set min_qty = 0 where id in (select id from ${ITEMS} where min_qty is null limit $LIMIT) returning 1`,
    );
    await this.execute(addConstraintOnce(ITEMS, 'inventory_items_min_qty_check', 'check (min_qty >= 0)'));
    await this.execute(`alter table ${ITEMS} validate constraint inventory_items_min_qty_check`);
    await this.execute(addConstraintOnce(ITEMS, 'inventory_items_min_qty_not_null', 'check (min_qty is not null)'));
    await this.execute(`alter table ${ITEMS} validate constraint inventory_items_min_qty_not_null`);
    await this.execute(`alter table ${ITEMS} alter column min_qty set not null`);
    await this.execute(`alter table ${ITEMS} drop constraint if exists inventory_items_min_qty_not_null`);
  }
}
