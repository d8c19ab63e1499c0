// Benchmark: "the inventory of a user" (plain SQL on the user_id index) against the same
// query with index scans disabled, on a throw-away database. Prints figures and the ratio.
// Run: npm run bench:user-inventory [-- <items> <users>]
import 'reflect-metadata';
import { dropDatabase, ensureDatabase, migrateService, openServiceOrm } from '@uehub/database';
import { loadServiceConfig } from '@uehub/service-host';
import { inventoryDatabase } from '../inventory.app';
import { itemRepository } from '../items/item.repository';

const ITEMS = Number(process.argv[2] ?? 200_000);
const USERS = Number(process.argv[3] ?? 2_000);
const RUNS = 200;

async function timeQueries(run: (userId: string) => Promise<unknown>, users: string[]): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await run(users[(i * 7919) % users.length]);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(RUNS * 0.5)], p95: samples[Math.floor(RUNS * 0.95)] };
}

async function main(): Promise<void> {
  // the service's own config loader reads and checks the environment (INVENTORY_DATABASE_URL, then DATABASE_URL)
  const url = new URL(loadServiceConfig('inventory').database.directUrl);
  url.pathname = `/uehub_bench_${process.pid}`;
  const config = loadServiceConfig('inventory', { DATABASE_URL: url.toString() });
  await ensureDatabase(url.toString());
  try {
    await migrateService(inventoryDatabase(config));
    const orm = await openServiceOrm(inventoryDatabase(config));
    const em = orm.em.fork();
    await em.execute(
      `insert into inventory.inventory_user_refs (id, is_active, version) select gen_random_uuid(), true, 1 from generate_series(1, ?)`,
      [USERS],
    );
    await em.execute(
      `insert into inventory.inventory_items (id, sku, name, location, qty, min_qty, user_id, created_at, updated_at, version)
       select gen_random_uuid(), 'SKU-' || g, 'Item ' || md5(g::text), 'Loc ' || (g % 50), g % 9, 2, u.ids[1 + g % ?], now(), now(), 1
         from generate_series(1, ?) g, (select array_agg(id) as ids from inventory.inventory_user_refs) u`,
      [USERS, ITEMS],
    );
    await em.execute('analyze inventory.inventory_items');
    const users = (await em.execute<{ id: string }[]>('select id from inventory.inventory_user_refs')).map((r) => r.id);
    const indexed = await timeQueries((id) => itemRepository.heldBy(orm.em.fork(), id), users);
    const scanned = await timeQueries(
      (id) =>
        orm.em.fork().transactional(async (tx) => {
          await tx.execute('set local enable_indexscan = off');
          await tx.execute('set local enable_bitmapscan = off');
          return itemRepository.heldBy(tx, id);
        }),
      users,
    );
    console.log(`items ${ITEMS}, users ${USERS}, ${RUNS} queries each (ms)`);
    console.log(`user_id index : p50 ${indexed.p50.toFixed(2)}  p95 ${indexed.p95.toFixed(2)}`);
    console.log(`sequential    : p50 ${scanned.p50.toFixed(2)}  p95 ${scanned.p95.toFixed(2)}  (baseline, same run)`);
    console.log(`speed-up p50  : ${(scanned.p50 / indexed.p50).toFixed(1)}x`);
    await orm.close(true);
  } finally {
    await dropDatabase(url.toString());
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
