// Benchmark: inventory's rebuild (`npm run rebuild:inventory`, issue 12 item 5) over a generated
// history, on a throw-away database. The history is made by the real decider (`decideItem`,
// `evolveItem`): items created with stock, then receipts and issues that cross the low-stock
// line now and then; the live tables are written from the same folds, so the check passes.
// The reference in the same run is the read alone: paging through the events without folding
// or writing anything. Run: npm run bench:rebuild   (BENCH_REBUILD_EVENTS, BENCH_JSON=1)
import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, ItemSnapshot } from '@uehub/contracts';
import { dropDatabase, ensureDatabase, migrateService, openServiceOrm } from '@uehub/database';
import { foldEnvelopes, type Folded, type NewEvent } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { inventoryDatabase } from '../inventory.app';
import { decideItem, evolveItem, type ItemCommand, type ItemState } from '../items/item.decide';
import { itemRowOf, movementOf, writeItemRows, writeMovementRows, type ItemColumns, type MovementColumns } from '../items/item-projector';
import { LIVE_TABLES } from '../items/item-tables';
import { rebuildAndCompare } from '../rebuild/rebuild-projections';
import { loadRebuildBenchConfig } from './inventory-bench-config';

const MOVES_PER_ITEM = 20;
const ACTOR = { kind: 'user' as const, id: uuidv7(), role: 'manager' as const, name: 'Bench Manager' };

export interface RebuildResult {
  events: number;
  rebuildPerSecond: number;
  readOnlyPerSecond: number;
  ok: boolean;
}

/** One item's history: creation with stock, then MOVES_PER_ITEM receipts and issues. */
function itemHistory(n: number, clock: { ms: number }): EventEnvelope[] {
  const id = uuidv7();
  const snapshot: ItemSnapshot = { sku: `SKU-${n}`, name: `Item ${n}`, description: null, location: `Loc ${n % 40}`, qty: 20, minQty: 5, userId: null };
  const commands: ItemCommand[] = [{ kind: 'create', item: snapshot }];
  for (let i = 0; i < MOVES_PER_ITEM; i++) commands.push({ kind: 'move', movement: { kind: i % 2 ? 'receive' : 'issue', quantity: 1 + ((n + i) % 9) } });
  let state: ItemState = null;
  const envelopes: EventEnvelope[] = [];
  for (const command of commands) {
    let events: NewEvent[];
    try {
      events = decideItem(command, state);
    } catch {
      continue; // an issue larger than the stock is refused, as it would be
    }
    const correlationId = uuidv7();
    for (const event of events) {
      state = evolveItem(state, event);
      clock.ms += 1;
      envelopes.push({
        id: uuidv7(),
        type: event.type,
        schemaVersion: 1,
        stream: { type: 'item', id, version: envelopes.length + 1 },
        occurredAt: new Date(clock.ms).toISOString(),
        actor: ACTOR,
        correlationId,
        causationId: correlationId,
        data: event.data,
        ...(event.changes ? { changes: event.changes } : {}),
      });
    }
  }
  return envelopes;
}

/** Stores a history as the event store and the projector would have: events, item rows, ledger lines. */
async function seed(em: EntityManager, target: number): Promise<number> {
  const clock = { ms: Date.parse('2026-01-01T00:00:00Z') };
  let stored = 0;
  for (let n = 0; stored < target; ) {
    const envelopes: EventEnvelope[] = [];
    const items: ItemColumns[] = [];
    const movements: MovementColumns[] = [];
    while (envelopes.length < 5000 && stored + envelopes.length < target) {
      const history = itemHistory(n++, clock);
      envelopes.push(...history);
      const row = itemRowOf(history[0].stream.id, foldEnvelopes(evolveItem, undefined, null, history) as Folded<ItemState>);
      if (row) items.push(row);
      movements.push(...history.map(movementOf).filter((m): m is MovementColumns => m !== undefined));
    }
    await em.execute(
      `insert into inventory.inventory_events (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       select 'item', e.stream_id, e.stream_version, e.event_id, e.event_type, 1, e.data, e.metadata, e.occurred_at
         from jsonb_to_recordset(?::jsonb) as e(stream_id uuid, stream_version int, event_id uuid, event_type text, data jsonb, metadata jsonb, occurred_at timestamptz)`,
      [
        JSON.stringify(
          envelopes.map((e) => ({
            stream_id: e.stream.id,
            stream_version: e.stream.version,
            event_id: e.id,
            event_type: e.type,
            data: e.data,
            metadata: { actor: e.actor, correlationId: e.correlationId, causationId: e.causationId, changes: e.changes },
            occurred_at: e.occurredAt,
          })),
        ),
      ],
    );
    await writeItemRows(em, LIVE_TABLES, items, false);
    await writeMovementRows(em, LIVE_TABLES, movements);
    stored += envelopes.length;
  }
  await em.execute('analyze');
  return stored;
}

/** Pages through the item events as the rebuild does (same query, same page size), nothing else. */
async function readOnly(em: EntityManager): Promise<number> {
  let after = { streamId: '00000000-0000-0000-0000-000000000000', version: 0 };
  let count = 0;
  for (;;) {
    const rows = await em.execute<{ stream_id: string; stream_version: number }[]>(
      `select event_id, stream_type, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at
         from inventory.inventory_events where stream_type = 'item' and (stream_id, stream_version) > (?::uuid, ?)
        order by stream_id, stream_version limit 1000`,
      [after.streamId, after.version],
    );
    count += rows.length;
    if (rows.length < 1000) return count;
    const last = rows[rows.length - 1];
    after = { streamId: last.stream_id, version: last.stream_version };
  }
}

const perSecond = (count: number, startedMs: number) => count / ((performance.now() - startedMs) / 1000);

export async function measureRebuild(target: number, service = loadRebuildBenchConfig().service): Promise<RebuildResult> {
  const url = new URL(service.database.directUrl);
  url.pathname = `/uehub_bench_rebuild_${process.pid}`;
  const config = { ...service, database: { ...service.database, pooledUrl: url.toString(), directUrl: url.toString() } };
  await ensureDatabase(url.toString());
  try {
    await migrateService(inventoryDatabase(config));
    const orm = await openServiceOrm(inventoryDatabase(config));
    try {
      const events = await seed(orm.em.fork(), target);
      let started = performance.now();
      const read = await readOnly(orm.em.fork());
      const readOnlyPerSecond = perSecond(read, started);
      started = performance.now();
      const report = await rebuildAndCompare(orm.em.fork(), async () => []); // no user events: the bench's items hold nobody
      return { events, rebuildPerSecond: perSecond(report.events, started), readOnlyPerSecond, ok: report.ok && report.events === events };
    } finally {
      await orm.close(true);
    }
  } finally {
    await dropDatabase(url.toString());
  }
}

async function main(): Promise<void> {
  const settings = loadRebuildBenchConfig();
  const result = await measureRebuild(settings.events, settings.service);
  if (settings.json) {
    console.log(JSON.stringify({ rebuild: result }));
    return;
  }
  console.log(`rebuild of inventory's projections over ${result.events} events (check ${result.ok ? 'passed' : 'FAILED'})`);
  console.log(`rebuild and compare : ${Math.round(result.rebuildPerSecond)} events/s`);
  console.log(`reading the events  : ${Math.round(result.readOnlyPerSecond)} events/s (reference, same run)`);
}

if (require.main === module) {
  void main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
