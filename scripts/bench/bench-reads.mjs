// The read side of `npm run bench`: three read routes of the gateway, each against pgbench running
// the same SELECT the service runs (prepared), at the same concurrency and for the same time.
import pg from 'pg';
import { httpLoad, pgbench } from './bench-load.mjs';

const ITEM_COLUMNS = 'id, sku, name, description, location, qty, min_qty, user_id, created_at, updated_at, version';
const AUDIT_COLUMNS = `r.seq::text as seq, event_id, event_type, service, entity_type, entity_id, actor_id, actor_role, actor_name, request_id,
  client_ip, user_agent, occurred_at, recorded_at, correlation_id, causation_id, changes, data, r.prev_hash, r.hash`;

/** One statement on its own connection (set-up and seeding). */
export async function sql(url, text, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Writes the read data straight into the projection: one user holds 50 of 10,000 items.
 * @returns the holder's id.
 */
export async function seedReads(databaseUrl) {
  const [{ id: holder }] = await sql(databaseUrl, `insert into inventory.inventory_user_refs (id, is_active, version) values (gen_random_uuid(), true, 1) returning id`);
  await sql(
    databaseUrl,
    `insert into inventory.inventory_items (id, sku, name, location, qty, min_qty, user_id, created_at, updated_at, version)
     select gen_random_uuid(), 'R-' || g, 'Item ' || md5(g::text), 'Loc ' || (g % 50), g % 9, 2, case when g % 200 = 0 then $1::uuid end, now(), now(), 1
       from generate_series(1, 10000) g`,
    [holder],
  );
  await sql(databaseUrl, 'analyze');
  return holder;
}

/**
 * The benched reads: the gateway's path and the statement the service runs for it (limit + 1
 * rows, as the services ask for one more row to know whether a next page exists).
 */
export function readRoutes(holder) {
  return [
    {
      name: 'user inventory (50 of 10k items)',
      key: 'user-inventory',
      path: `/api/v1/inventory/items?userId=${holder}&limit=50`,
      sql: `SELECT ${ITEM_COLUMNS} FROM inventory.inventory_items WHERE deleted_at IS NULL AND user_id = '${holder}' ORDER BY id LIMIT 51;\n`,
    },
    {
      name: 'item list (first 50 of 10k items)',
      key: 'item-list',
      path: '/api/v1/inventory/items?limit=50',
      sql: `SELECT ${ITEM_COLUMNS} FROM inventory.inventory_items WHERE deleted_at IS NULL ORDER BY id LIMIT 51;\n`,
    },
    {
      name: 'audit query (newest 50 records)',
      key: 'audit-query',
      path: '/api/v1/audit/events?limit=50',
      sql: `SELECT ${AUDIT_COLUMNS.replace(/\s+/g, ' ')} FROM audit.audit_records r ORDER BY r.seq DESC LIMIT 51;\n`,
    },
  ];
}

/**
 * Loads each read route through the gateway, then runs pgbench on its SELECT, at each client count.
 * `extra(route, clients)` may add a measurement of its own (the minimal process) to the row.
 * @returns rows {what, system, baseline, ...} for the table.
 */
export async function measureReads({ baseUrl, databaseUrl, token, holder, seconds, clientCounts = [8, 32], file, log, cpu, servers, extra, withBaseline = true }) {
  const rows = [];
  for (const route of readRoutes(holder)) {
    await httpLoad({ url: baseUrl, connections: 8, seconds: 2, token, pick: () => route.path }); // warm-up
    for (const clients of clientCounts) {
      const cpuBefore = cpu?.();
      const measured = await httpLoad({ url: baseUrl, connections: clients, seconds, token, servers, pick: () => route.path });
      const cpuAfter = cpu?.();
      const cpuMsPerRead = cpuAfter ? Object.fromEntries(Object.keys(cpuAfter).map((n) => [n, (1000 * (cpuAfter[n] - cpuBefore[n])) / Math.max(1, measured.ok)])) : undefined;
      const baseline = withBaseline ? await pgbench({ databaseUrl, script: route.sql, clients, seconds, file: file(route.key) }) : { perSecond: undefined };
      const more = extra ? await extra(route, clients) : {};
      rows.push({
        what: `${route.name} via gateway, ${clients} clients`,
        system: measured.perSecond,
        baseline: baseline.perSecond,
        unit: '/s',
        p50: measured.p50,
        p99: measured.p99,
        failed: measured.failed,
        machine: measured.machine,
        baselineMachine: baseline.machine,
        ...(cpuMsPerRead ? { cpuMsPerRead } : {}),
        ...more,
      });
      log?.(`${route.key} ${clients}: ${measured.perSecond.toFixed(0)}/s (failed ${measured.failed}) vs pgbench ${baseline.perSecond?.toFixed(0) ?? '-'}/s`);
    }
  }
  return rows;
}
