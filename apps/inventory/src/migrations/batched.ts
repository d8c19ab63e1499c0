import type { Migration } from '@mikro-orm/migrations';

/**
 * Runs an `UPDATE … RETURNING 1` of at most `batchSize` rows (`$LIMIT` in the SQL) until it
 * touches fewer; in a non-transactional migration each batch commits alone, so a live table
 * is never locked for long.
 */
export async function backfillInBatches(migration: Migration, sql: string, batchSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const touched = (await migration.execute(sql.replace('$LIMIT', String(batchSize)))).length;
    total += touched;
    if (touched < batchSize) return total;
  }
}

/** `ALTER TABLE … ADD CONSTRAINT … NOT VALID` only when the constraint is not there yet. */
export function addConstraintOnce(table: string, name: string, definition: string): string {
  return `do $$ begin
    if not exists (select 1 from pg_constraint where conname = '${name}' and conrelid = '${table}'::regclass) then
      alter table ${table} add constraint ${name} ${definition} not valid;
    end if;
  end $$`;
}
