// Benchmark: audit ingest of a backlog (issue 12 item 3). Publishes N events to a stream of
// its own, then starts the audit service on a throw-away database and times how fast the
// backlog becomes committed, chained records; the baseline, in the same run, is a multi-row
// INSERT of the same rows (same table definition and indexes) straight from this process.
// Run: npm run bench:audit-ingest   (BENCH_AUDIT_EVENTS, BENCH_SECONDS, BENCH_JSON=1)
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { eventSubject, type EventEnvelope } from '@uehub/contracts';
import { dropDatabase, ensureDatabase, openServiceOrm } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats, ensureEventStream, type NatsConnection } from '@uehub/messaging';
import type { ServiceConfig } from '@uehub/service-host';
import { v7 as uuidv7 } from 'uuid';
import { auditDatabase, createAuditApp, migrateAudit } from '../audit.app';
import { verifyAuditChain } from '../audit-chain.verifier';
import { RECORD_COLUMNS, toAuditRecord } from '../audit-record';
import { AUDIT_RECORDS } from '../audit-tables';
import { chainHash, GENESIS_HASH } from '../canonical-hash';
import { deleteCheckpointStream } from '../checkpoints/checkpoint-sinks';
import { signingKeys } from '../checkpoints/signing-keys';
import { loadAuditBenchConfig, type AuditBenchConfig } from './audit-bench-config';

/** Rows per statement of the baseline, as many as the consumer takes per batch at most. */
const BASELINE_ROWS = 500;

export interface AuditIngestResult {
  events: number;
  systemPerSecond: number;
  baselinePerSecond: number;
  ratio: number;
  chainVerified: boolean;
}

function benchEnvelope(i: number): EventEnvelope {
  const userId = uuidv7();
  return {
    id: uuidv7(),
    type: 'auth.user.updated',
    schemaVersion: 1,
    stream: { type: 'user', id: userId, version: 2 },
    occurredAt: new Date().toISOString(),
    actor: { kind: 'user', id: uuidv7(), role: 'admin', name: 'Bench Admin' },
    correlationId: uuidv7(),
    causationId: uuidv7(),
    requestId: `bench-${i}`,
    client: { ip: '203.0.113.7', userAgent: 'uehub-bench/1' },
    data: { id: userId, name: `User ${i}` },
    changes: { name: { from: `User ${i - 1}`, to: `User ${i}` } },
  };
}

async function publishBacklog(nc: NatsConnection, prefix: string, envelopes: EventEnvelope[]): Promise<void> {
  const js = jetstream(nc);
  for (let i = 0; i < envelopes.length; i += 500) {
    const slice = envelopes.slice(i, i + 500);
    await Promise.all(slice.map((e) => js.publish(eventSubject(prefix, e.type), JSON.stringify(e), { msgID: e.id })));
  }
}

const countRecords = async (em: EntityManager, table = AUDIT_RECORDS) =>
  Number((await em.fork().execute<{ n: string }[]>(`select count(*)::text as n from ${table}`))[0].n);

/** Starts audit over the backlog; events/s from the first record seen to the last one committed. */
async function ingest(config: ServiceConfig, settings: AuditBenchConfig): Promise<{ perSecond: number; em: EntityManager; close: () => Promise<void> }> {
  const keys = signingKeys(generateKeyPairSync('ed25519').privateKey);
  const app = await createAuditApp(config, { checkpoints: { keys, intervalMs: 60_000, maxRecords: 1000, stream: true } });
  const em: EntityManager = app.get(MikroORM).em;
  const deadline = Date.now() + settings.seconds * 1000;
  let first: { at: number; count: number } | undefined;
  for (;;) {
    const count = await countRecords(em);
    const at = performance.now();
    if (!first && count > 0) first = { at, count };
    if (count >= settings.events && first) {
      const perSecond = count === first.count ? Number.NaN : (count - first.count) / ((at - first.at) / 1000);
      return { perSecond, em, close: () => app.close() };
    }
    if (Date.now() > deadline) {
      await app.close();
      throw new Error(`audit ingested ${count} of ${settings.events} events in ${settings.seconds} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The same rows, chained, inserted BASELINE_ROWS at a time into a copy of the table (indexes, no triggers). */
async function baseline(root: EntityManager, envelopes: EventEnvelope[]): Promise<number> {
  const table = 'audit.bench_baseline_records';
  const em = root.fork();
  await em.execute(`create table ${table} (like ${AUDIT_RECORDS} including all)`);
  let prev = GENESIS_HASH;
  const rows = envelopes.map((event, i) => {
    const record = toAuditRecord(event, { subject: '', streamSequence: i + 1, deliveryCount: 1 }, new Date(), prev);
    prev = chainHash(record);
    return [...RECORD_COLUMNS.map((c) => (c === 'changes' || c === 'data' ? JSON.stringify(record[c]) : record[c])), prev];
  });
  const width = RECORD_COLUMNS.length + 1;
  const started = performance.now();
  for (let i = 0; i < rows.length; i += BASELINE_ROWS) {
    const slice = rows.slice(i, i + BASELINE_ROWS);
    const values = slice.map(() => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');
    await em.execute(`insert into ${table} (${RECORD_COLUMNS.join(', ')}, hash) values ${values}`, slice.flat());
  }
  const perSecond = rows.length / ((performance.now() - started) / 1000);
  if ((await countRecords(em, table)) !== rows.length) throw new Error('the baseline lost rows');
  return perSecond;
}

export async function measureAuditIngest(settings: AuditBenchConfig): Promise<AuditIngestResult> {
  const name = `uehub_bench_audit_${process.pid}`;
  const withDatabase = (raw: string) => Object.assign(new URL(raw), { pathname: `/${name}` }).toString();
  const config: ServiceConfig = {
    ...settings.service,
    subjectPrefix: `bench${process.pid}`,
    database: { ...settings.service.database, pooledUrl: withDatabase(settings.service.database.pooledUrl), directUrl: withDatabase(settings.service.database.directUrl) },
  };
  await ensureDatabase(config.database.directUrl);
  const nc = await connectNats(config.natsUrl, 'bench-audit-ingest');
  try {
    await migrateAudit(config);
    await ensureEventStream(nc, config.subjectPrefix);
    const envelopes = Array.from({ length: settings.events }, (_, i) => benchEnvelope(i));
    await publishBacklog(nc, config.subjectPrefix, envelopes);
    const system = await ingest(config, settings);
    const chainVerified = (await verifyAuditChain(system.em.fork())).ok;
    await system.close();
    const orm = await openServiceOrm(auditDatabase(config));
    const baselinePerSecond = await baseline(orm.em, envelopes).finally(() => orm.close(true));
    return { events: settings.events, systemPerSecond: system.perSecond, baselinePerSecond, ratio: system.perSecond / baselinePerSecond, chainVerified };
  } finally {
    await deleteEventStream(nc, config.subjectPrefix).catch(() => undefined);
    await deleteCheckpointStream(nc, config.subjectPrefix).catch(() => undefined);
    await drainNats(nc);
    await dropDatabase(config.database.directUrl);
  }
}

async function main(): Promise<void> {
  const settings = loadAuditBenchConfig();
  const result = await measureAuditIngest(settings);
  if (settings.json) {
    console.log(JSON.stringify({ auditIngest: result }));
    return;
  }
  console.log(`audit ingest of a ${result.events}-event backlog (chain ${result.chainVerified ? 'verified' : 'BROKEN'})`);
  console.log(`audit service       : ${Math.round(result.systemPerSecond)} events/s`);
  console.log(`multi-row INSERT    : ${Math.round(result.baselinePerSecond)} rows/s (baseline, same run)`);
  console.log(`ratio               : ${result.ratio.toFixed(2)}`);
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
