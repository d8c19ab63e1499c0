// The bench's second baseline: the benched routes served by ONE minimal process, what a team
// without microservices would run: node:http, straight to PostgreSQL with `pg` and named prepared
// statements (plans reused), no bus, no event store beyond the same SQL transaction, no framework.
// It answers the same JSON shapes as the gateway. Not the system's guarantees: no token check
// (any Bearer header passes), no idempotency, no audit; that is what the comparison shows.
// Started by the bench: `node scripts/bench/minimal-server.mjs` with DATABASE_URL; prints
// `listening <port>` once it serves. Writes go to the baseline's tables (bench_baseline.*).
import { createServer } from 'node:http';
import pg from 'pg';

const ISO = (column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ITEM = `id, sku, name, description, location, qty, min_qty, user_id, ${ISO('created_at')} as created_at, ${ISO('updated_at')} as updated_at, version`;

const STATEMENTS = {
  heldBy: `select ${ITEM} from inventory.inventory_items where deleted_at is null and user_id = $1 order by id limit $2`,
  lock: 'select qty, version from bench_baseline.items where id = $1 for update',
  move: `with item as (update bench_baseline.items set qty = qty + $2, version = version + 1, updated_at = now() where id = $1 returning ${ITEM}),
          e as (insert into bench_baseline.events (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
                select 'item', id, version, gen_random_uuid(), 'inventory.stock.received', 1, jsonb_build_object('quantity', $2::int, 'qtyBefore', qty - $2, 'qtyAfter', qty, 'reason', null),
                       jsonb_build_object('actor', jsonb_build_object('kind', 'user', 'id', 'minimal'), 'correlationId', $3::text), now() from item
                returning event_id, stream_id, data, occurred_at),
          o as (insert into bench_baseline.outbox (event_id, subject, envelope) select event_id, 'minimal.events.inventory.stock.received', data from e),
          m as (insert into bench_baseline.movements (id, item_id, kind, quantity, qty_before, qty_after, actor_id, occurred_at, correlation_id)
                select event_id, stream_id, 'receive', $2, (data->>'qtyBefore')::int, (data->>'qtyAfter')::int, 'minimal', occurred_at, $3 from e
                returning id, item_id, quantity, qty_before, qty_after, ${ISO('occurred_at')} as occurred_at)
        select item.*, m.id as movement_id, m.quantity, m.qty_before, m.qty_after, m.occurred_at from item, m`,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const run = (db, name, values) => db.query({ name, text: STATEMENTS[name], values });

const itemView = (r) => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  location: r.location,
  qty: r.qty,
  minQty: r.min_qty,
  userId: r.user_id,
  lowStock: r.qty <= r.min_qty,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function heldBy(url, res) {
  const userId = url.searchParams.get('userId');
  const limit = Number(url.searchParams.get('limit') ?? 50);
  if (!userId || !UUID.test(userId) || !Number.isInteger(limit) || limit < 1 || limit > 100) return send(res, 400, { code: 'VALIDATION_FAILED' });
  const { rows } = await run(pool, 'heldBy', [userId, limit + 1]);
  const items = rows.slice(0, limit).map(itemView);
  send(res, 200, { items, nextCursor: rows.length > limit ? Buffer.from(JSON.stringify([items.at(-1).id])).toString('base64url') : null });
}

async function move(id, body, res) {
  const input = JSON.parse(body);
  if (!UUID.test(id) || input.kind !== 'receive' || !Number.isInteger(input.quantity) || input.quantity < 1) return send(res, 400, { code: 'VALIDATION_FAILED' });
  const db = await pool.connect();
  try {
    await db.query('begin');
    const { rows: locked } = await run(db, 'lock', [id]);
    if (!locked.length) {
      await db.query('rollback');
      return send(res, 404, { code: 'NOT_FOUND' });
    }
    const correlationId = crypto.randomUUID();
    const { rows } = await run(db, 'move', [id, input.quantity, correlationId]);
    await db.query('commit');
    const r = rows[0];
    const movement = {
      id: r.movement_id,
      itemId: r.id,
      kind: 'receive',
      quantity: r.quantity,
      qtyBefore: r.qty_before,
      qtyAfter: r.qty_after,
      reason: null,
      counterpartLocation: null,
      counterpartItemId: null,
      actorId: 'minimal',
      occurredAt: r.occurred_at,
      correlationId,
    };
    send(res, 200, { movement, item: itemView(r) });
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://minimal');
  if (!req.headers.authorization?.startsWith('Bearer ')) return send(res, 401, { code: 'UNAUTHENTICATED' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const movement = /^\/api\/v1\/inventory\/items\/([^/]+)\/movements$/.exec(url.pathname);
    const work =
      req.method === 'GET' && url.pathname === '/api/v1/inventory/items'
        ? heldBy(url, res)
        : req.method === 'POST' && movement
          ? move(movement[1], Buffer.concat(chunks).toString('utf8'), res)
          : Promise.resolve(send(res, 404, { code: 'NOT_FOUND' }));
    work.catch((error) => send(res, 500, { code: 'INTERNAL', message: String(error?.message ?? error) }));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
