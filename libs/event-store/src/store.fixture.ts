// Test fixture (not exported): an isolated database, schema, subject prefix and stream.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EventEnvelope, RequestContext } from '@uehub/contracts';
import { eventStreamName } from '@uehub/contracts';
import { migrateService, openServiceOrm, type ServiceDatabase } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats, ensureEventStream, type NatsConnection } from '@uehub/messaging';
import { createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { outboxClaimsMigration } from './store-migrations';
import { outboxTraceContextMigration } from './trace-context-store';
import { eventStoreDdl, storeTables, type StoreTables } from './tables';

const tables = storeTables('es');

class InitEventStoreTest extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(tables)) this.addSql(sql);
    this.addSql('create table es.es_effects (event_id uuid not null, applied_at timestamptz not null default now())');
  }
}

const migrations: MigrationObject[] = [
  { name: 'Migration20261127000000_init', class: InitEventStoreTest },
  { name: 'Migration20261205000000_outbox_claims', class: outboxClaimsMigration(tables) },
  { name: 'Migration20270101000000_outbox_trace_context', class: outboxTraceContextMigration(tables) },
];

export interface StoreFixture {
  orm: MikroORM;
  nc: NatsConnection;
  prefix: string;
  tables: StoreTables;
  db: ServiceDatabase;
  close(): Promise<void>;
}

export async function openStoreFixture(label: string): Promise<StoreFixture> {
  const database = await createTestDatabase(label);
  const db: ServiceDatabase = {
    service: 'es',
    target: { pooledUrl: database.url, directUrl: database.url, schema: 'es' },
    entities: [],
    migrations,
    poolMax: 20,
  };
  await migrateService(db);
  const orm = await openServiceOrm(db);
  const nc = await connectNats(testServers().natsUrl, `test-${label}`);
  const prefix = testSubjectPrefix(label);
  await ensureEventStream(nc, prefix);
  return {
    orm,
    nc,
    prefix,
    tables,
    db,
    async close() {
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await orm.close(true);
      await database.drop();
    },
  };
}

export const systemContext: RequestContext = {
  actor: { kind: 'system', id: 'test' },
  correlationId: 'test-correlation',
};

export function newStreamId(): string {
  return uuidv7();
}

/** A valid auth user event on a stream of its own (for consumer tests). */
export function userEventEnvelope(type = 'auth.user.reactivated', overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    schemaVersion: 1,
    stream: { type: 'user', id: newStreamId(), version: 2 },
    occurredAt: new Date().toISOString(),
    actor: systemContext.actor,
    correlationId: 'c',
    causationId: 'c',
    data: {},
    ...overrides,
  };
}

/** Every message id in the stream, in stream order (read with an ordered consumer). */
export async function streamMessageIds(nc: NatsConnection, prefix: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(eventStreamName(prefix));
  const total = info.state.messages;
  if (total === 0) return [];
  const consumer = await jetstream(nc).consumers.get(eventStreamName(prefix));
  const ids: string[] = [];
  const messages = await consumer.consume();
  for await (const msg of messages) {
    ids.push((msg.json() as { id: string }).id);
    if (ids.length >= total) break;
  }
  return ids;
}
