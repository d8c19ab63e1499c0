import { Migration } from '@mikro-orm/migrations';
import { backfillInBatches } from './batched';

const ITEMS = 'inventory.inventory_items';
/** The searchable document of a row; `row` is `new.` inside the trigger, empty in the back-fill. */
const searchDocument = (row: string) =>
  `setweight(to_tsvector('simple', coalesce(${row}sku, '')), 'A') || ` +
  `setweight(to_tsvector('simple', coalesce(${row}name, '')), 'A') || ` +
  `setweight(to_tsvector('simple', coalesce(${row}description, '')), 'B')`;

/**
 * Full-text search over SKU, name and description (a trigger-maintained tsvector, back-filled
 * in batches, GIN index built CONCURRENTLY) and the reporting views.
 */
export class InventorySearchMigration extends Migration {
  override isTransactional(): boolean {
    return false;
  }

  override async up(): Promise<void> {
    await this.execute(`alter table ${ITEMS} add column if not exists search_vector tsvector`);
    await this.execute(`create or replace function inventory.inventory_items_search() returns trigger language plpgsql as $$
      begin new.search_vector := ${searchDocument('new.')}; return new; end $$`);
    await this.execute(`drop trigger if exists inventory_items_search on ${ITEMS}`);
    await this.execute(`create trigger inventory_items_search before insert or update of sku, name, description on ${ITEMS}
      for each row execute function inventory.inventory_items_search()`);
    await backfillInBatches(
      this,
      `update ${ITEMS} set search_vector = ${searchDocument('')} where id in (select id from ${ITEMS} where search_vector is null limit $LIMIT) returning 1`,
    );
    await this.execute(`create index concurrently if not exists inventory_items_search_idx on ${ITEMS} using gin (search_vector)`);
    await this.execute(`create or replace view inventory.inventory_low_stock_report as
      select id, sku, name, location, qty, min_qty, min_qty - qty as shortage, user_id
        from ${ITEMS} where deleted_at is null and qty <= min_qty`);
    await this.execute(`create or replace view inventory.inventory_stock_by_location as
      select location, count(*)::int as items, coalesce(sum(qty), 0)::bigint as total_qty,
             count(*) filter (where qty <= min_qty)::int as low_stock_items
        from ${ITEMS} where deleted_at is null group by location`);
  }
}
