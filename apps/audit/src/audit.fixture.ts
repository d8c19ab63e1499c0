// Test fixture (not exported): an audit app on its own database, subject prefix and stream.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { eventStreamName, eventSubject, type Actor, type EventEnvelope, type RequestContext, type Role } from '@uehub/contracts';
import { connectNats, deleteEventStream, drainNats, RpcClient, type NatsConnection } from '@uehub/messaging';
import type { ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, eventually, serveTestJwks, testAccessToken, testServers, testSubjectPrefix } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { createAuditApp, migrateAudit } from './audit.app';
import type { AuditOptions } from './audit-options';
import { AUDIT_DURABLE } from './audit-tables';
import type { CheckpointSettings } from './checkpoints/checkpoint-settings';
import { deleteCheckpointStream } from './checkpoints/checkpoint-sinks';
import { signingKeys } from './checkpoints/signing-keys';

/** Short retries so poison events reach the dead-letter table within a test; no scheduled verification unless a test asks. */
export const TEST_AUDIT_OPTIONS: AuditOptions = { consumer: { maxDeliver: 3, backoffMs: [100, 200] }, verifyIntervalMs: 0 };

export interface AuditFixture {
  config: ServiceConfig;
  checkpoints: CheckpointSettings;
  app: INestApplicationContext;
  orm: MikroORM;
  nc: NatsConnection;
  rpc: RpcClient;
  /** Publishes an envelope (or raw text) and returns its JetStream sequence. */
  publish(envelope: EventEnvelope | string, type?: string, msgID?: string): Promise<number>;
  /** Waits until the audit consumer has nothing pending or unacknowledged. */
  settled(timeoutMs?: number): Promise<void>;
  /** Deliveries so far: consumer sequence (every delivery) and stream sequence (distinct messages). */
  delivered(): Promise<{ consumerSeq: number; streamSeq: number }>;
  close(): Promise<void>;
}

/** A new test database with audit's schema migrated, and the configuration of an audit service on it (its own subject prefix). */
export async function migratedAuditDatabase(label: string): Promise<{ database: { url: string; drop: () => Promise<void> }; config: ServiceConfig }> {
  const database = await createTestDatabase(label);
  const { natsUrl } = testServers();
  const config: ServiceConfig = {
    service: 'audit',
    subjectPrefix: testSubjectPrefix(label),
    natsUrl,
    database: { pooledUrl: database.url, directUrl: database.url, schema: 'audit' },
    production: false,
  };
  await migrateAudit(config);
  return { database, config };
}

export async function openAuditFixture(label: string, options: AuditOptions = TEST_AUDIT_OPTIONS): Promise<AuditFixture> {
  const { database, config } = await migratedAuditDatabase(label);
  const { natsUrl } = config;
  const checkpointDir = mkdtempSync(join(tmpdir(), `uehub-${label}-`));
  const checkpoints = options.checkpoints ?? testCheckpointSettings(checkpointDir);
  const app = await createAuditApp(config, { ...options, checkpoints });
  const nc = await connectNats(natsUrl, `test-${label}`);
  const stopJwks = serveTestJwks(nc, config.subjectPrefix); // audit verifies callers' tokens against these keys
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const stream = eventStreamName(config.subjectPrefix);
  return {
    config,
    checkpoints,
    app,
    orm: app.get(MikroORM),
    nc,
    rpc: new RpcClient(nc, config.subjectPrefix, 5000),
    async publish(envelope, type, msgID) {
      const body = typeof envelope === 'string' ? envelope : JSON.stringify(envelope);
      const subjectType = type ?? (typeof envelope === 'string' ? 'test.poison.message' : envelope.type);
      const ack = await js.publish(eventSubject(config.subjectPrefix, subjectType), body, { msgID: msgID ?? uuidv7() });
      return ack.seq;
    },
    async settled(timeoutMs = 15_000) {
      await eventually(
        async () => {
          const info = await jsm.consumers.info(stream, AUDIT_DURABLE);
          return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
        },
        timeoutMs,
        'the audit consumer to settle',
      );
    },
    async delivered() {
      const info = await jsm.consumers.info(stream, AUDIT_DURABLE);
      return { consumerSeq: info.delivered.consumer_seq, streamSeq: info.delivered.stream_seq };
    },
    async close() {
      await app.close();
      stopJwks();
      await deleteEventStream(nc, config.subjectPrefix);
      await deleteCheckpointStream(nc, config.subjectPrefix);
      rmSync(checkpointDir, { recursive: true, force: true });
      await drainNats(nc);
      await database.drop();
    },
  };
}

/** A fresh Ed25519 key, a private directory and the stream; checkpoints only when a test asks (long interval). */
export function testCheckpointSettings(dir: string, overrides: Partial<CheckpointSettings> = {}): CheckpointSettings {
  return { keys: signingKeys(generateKeyPairSync('ed25519').privateKey), intervalMs: 3_600_000, maxRecords: 1000, dir, stream: true, ...overrides };
}

export const userActor = (role: Role, id = uuidv7()): Actor => ({
  kind: 'user',
  id,
  role,
  name: `Test ${role}`,
});

/** A caller as the gateway forwards it: the context plus, for a user, an access token signed by the test key. */
export function contextOf(actor: Actor): RequestContext & { token?: string } {
  return { actor, correlationId: uuidv7(), token: actor.kind === 'user' ? testAccessToken(actor) : undefined };
}

/** A valid envelope; fields can be overridden. */
export function testEnvelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: uuidv7(),
    type: 'auth.user.updated',
    schemaVersion: 1,
    stream: { type: 'user', id: uuidv7(), version: 1 },
    occurredAt: new Date().toISOString(),
    actor: { kind: 'system', id: 'test' },
    correlationId: uuidv7(),
    causationId: uuidv7(),
    data: {},
    ...overrides,
  };
}
