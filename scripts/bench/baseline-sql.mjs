// The baselines' SQL: the same work as the system's, straight in PostgreSQL (run by pgbench).

/** Tables shaped like inventory's (same columns, indexes and defaults, no triggers), with 200 items. */
export function baselineSchema() {
  const like = (name, table) => `create table bench_baseline.${name} (like inventory.${table} including all)`;
  return [
    'create schema bench_baseline',
    like('items', 'inventory_items'),
    like('events', 'inventory_events'),
    like('outbox', 'inventory_outbox'),
    like('movements', 'inventory_movements'),
    `insert into bench_baseline.items (id, sku, name, location, qty, min_qty, created_at, updated_at, version)
     select md5('b' || n)::uuid, 'B-' || n, 'Bench ' || n, 'Depot', 10, 0, now(), now(), 1 from generate_series(1, 200) n`,
  ];
}

/** One stock receipt as the command does it: lock the item, write the event, its outbox row and ledger line, update the item. */
export const WRITE_SQL = `\\set n random(1, 200)
BEGIN;
SELECT qty, version FROM bench_baseline.items WHERE id = md5('b' || :n)::uuid FOR UPDATE;
WITH item AS (UPDATE bench_baseline.items SET qty = qty + 1, version = version + 1, updated_at = now() WHERE id = md5('b' || :n)::uuid RETURNING id, qty, version),
 e AS (INSERT INTO bench_baseline.events (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       SELECT 'item', id, version, gen_random_uuid(), 'inventory.stock.received', 1, jsonb_build_object('quantity', 1, 'qtyBefore', qty - 1, 'qtyAfter', qty, 'reason', null),
              '{"actor":{"kind":"user","id":"bench","role":"admin"},"correlationId":"c","causationId":"c"}'::jsonb, now() FROM item
       RETURNING event_id, stream_id, data),
 o AS (INSERT INTO bench_baseline.outbox (event_id, subject, envelope) SELECT event_id, 'bench.events.inventory.stock.received', data FROM e)
INSERT INTO bench_baseline.movements (id, item_id, kind, quantity, qty_before, qty_after, actor_id, occurred_at, correlation_id)
SELECT event_id, stream_id, 'receive', 1, (data->>'qtyBefore')::int, (data->>'qtyAfter')::int, 'bench', now(), 'c' FROM e;
END;
`;
