// Benchmark: audit ingest of a backlog (issue 12 item 3). Publishes N events to a stream of
// its own, then starts the audit service on a throw-away database and times how fast the
// backlog becomes committed, chained records; the baseline, in the same run, is a multi-row
// INSERT of the same rows (same table definition and indexes) straight from this process.
// The ingest runs four times (without, with, with, without), on a database and stream of its
// own each: with checkpoints signed as in production (every 1,000 records, copied to the
// deny-delete stream) and with none, so the cost of checkpoints (issue 11: under 5 %) is
// measured in the same run; each figure is the mean of its two runs.
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
import { DEFAULT_CHECKPOINT_RECORDS, type CheckpointSettings } from '../checkpoints/checkpoint-settings';
import { signingKeys } from '../checkpoints/signing-keys';
import { loadAuditBenchConfig, type AuditBenchConfig } from './audit-bench-config';

/** Rows per statement of the baseline, as many as the consumer takes per batch at most. */
const BASELINE_ROWS = 500;

export interface AuditIngestResult {
  events: number;
  /** With checkpoints, as in production (mean of two runs). */
  systemPerSecond: number;
  /** The same backlog with no checkpoint signed during the ingest (mean of two runs). */
  withoutCheckpointsPerSecond: number;
  /** 1 - with / without: the share of ingest throughput the checkpoints cost. */
  checkpointCost: number;
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

/** Checkpoints as production makes them, or none at all during the run. */
function checkpointSettings(on: boolean): CheckpointSettings {
  const keys = signingKeys(generateKeyPairSync('ed25519').privateKey);
  return on ? { keys, intervalMs: 60_000, maxRecords: DEFAULT_CHECKPOINT_RECORDS, stream: true } : { keys, intervalMs: 3_600_000, maxRecords: Number.MAX_SAFE_INTEGER, stream: false };
}

/** Starts audit over the backlog; events/s from the first record seen to the last one committed. */
async function ingest(config: ServiceConfig, settings: AuditBenchConfig, checkpoints: CheckpointSettings): Promise<{ perSecond: number; em: EntityManager; close: () => Promise<void> }> {
  const app = await createAuditApp(config, { checkpoints });
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

/** A throw-away database and subject prefix of its own for one ingest run. */
function runConfig(settings: AuditBenchConfig, label: string): ServiceConfig {
  const name = `uehub_bench_audit_${process.pid}_${label}`;
  const withDatabase = (raw: string) => Object.assign(new URL(raw), { pathname: `/${name}` }).toString();
  return {
    ...settings.service,
    subjectPrefix: `bench${process.pid}${label}`,
    database: { ...settings.service.database, pooledUrl: withDatabase(settings.service.database.pooledUrl), directUrl: withDatabase(settings.service.database.directUrl) },
  };
}

/**
 * Ingests the backlog once on a fresh database and stream; `then` runs on the ingested
 * database before it is dropped. Answers events/s and whether the chain verifies.
 */
async function ingestRun<T>(
  settings: AuditBenchConfig,
  envelopes: EventEnvelope[],
  label: string,
  checkpoints: boolean,
  then: (config: ServiceConfig) => Promise<T>,
): Promise<{ perSecond: number; chainVerified: boolean; then: T }> {
  const config = runConfig(settings, label);
  await ensureDatabase(config.database.directUrl);
  const nc = await connectNats(config.natsUrl, `bench-audit-ingest-${label}`);
  try {
    await migrateAudit(config);
    await ensureEventStream(nc, config.subjectPrefix);
    await publishBacklog(nc, config.subjectPrefix, envelopes);
    const system = await ingest(config, settings, checkpointSettings(checkpoints));
    const chainVerified = (await verifyAuditChain(system.em.fork())).ok;
    await system.close();
    return { perSecond: system.perSecond, chainVerified, then: await then(config) };
  } finally {
    await deleteEventStream(nc, config.subjectPrefix).catch(() => undefined);
    await deleteCheckpointStream(nc, config.subjectPrefix).catch(() => undefined);
    await drainNats(nc);
    await dropDatabase(config.database.directUrl);
  }
}

export async function measureAuditIngest(settings: AuditBenchConfig): Promise<AuditIngestResult> {
  const envelopes = Array.from({ length: settings.events }, (_, i) => benchEnvelope(i));
  const none = async () => undefined;
  // off, on, on, off: a drift of the machine during the run weighs on both alike
  const off1 = await ingestRun(settings, envelopes, 'off1', false, none);
  const on1 = await ingestRun(settings, envelopes, 'on1', true, none);
  const on2 = await ingestRun(settings, envelopes, 'on2', true, async (config) => {
    const orm = await openServiceOrm(auditDatabase(config));
    return baseline(orm.em, envelopes).finally(() => orm.close(true));
  });
  const off2 = await ingestRun(settings, envelopes, 'off2', false, none);
  const withCheckpoints = (on1.perSecond + on2.perSecond) / 2;
  const withoutCheckpoints = (off1.perSecond + off2.perSecond) / 2;
  const baselinePerSecond = on2.then;
  return {
    events: settings.events,
    systemPerSecond: withCheckpoints,
    withoutCheckpointsPerSecond: withoutCheckpoints,
    checkpointCost: 1 - withCheckpoints / withoutCheckpoints,
    baselinePerSecond,
    ratio: withCheckpoints / baselinePerSecond,
    chainVerified: [off1, on1, on2, off2].every((run) => run.chainVerified),
  };
}

async function main(): Promise<void> {
  const settings = loadAuditBenchConfig();
  const result = await measureAuditIngest(settings);
  if (settings.json) {
    console.log(JSON.stringify({ auditIngest: result }));
    return;
  }
  console.log(`audit ingest of a ${result.events}-event backlog (chain ${result.chainVerified ? 'verified' : 'BROKEN'})`);
  console.log(`audit service       : ${Math.round(result.systemPerSecond)} events/s with checkpoints, ${Math.round(result.withoutCheckpointsPerSecond)} without (checkpoints cost ${(result.checkpointCost * 100).toFixed(1)} %)`);
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
