// What a test that runs audit as a child process (child-service.ts) stands on: a migrated audit
// database, the event stream under a subject prefix of its own, a NATS connection and a SQL
// client to look at what audit stored, and the child's environment pointing at all of them.
import { connectNats, deleteEventStream, drainNats, ensureEventStream, type NatsConnection } from '@uehub/messaging';
import type { ServiceConfig } from '@uehub/service-host';
import { Client } from 'pg';
import { migratedAuditDatabase } from '../../apps/audit/src/audit.fixture';
import { deleteCheckpointStream } from '../../apps/audit/src/checkpoints/checkpoint-sinks';

export interface AuditTarget {
  config: ServiceConfig;
  nc: NatsConnection;
  db: Client;
  /** The environment of an audit child process on this database and prefix. */
  env(): Record<string, string>;
  /** Closes the connections, deletes the streams, drops the database. */
  close(): Promise<void>;
}

export async function openAuditTarget(label: string): Promise<AuditTarget> {
  const { database, config } = await migratedAuditDatabase(label);
  const { natsUrl } = config;
  const nc = await connectNats(natsUrl, `test-${label}`);
  await ensureEventStream(nc, config.subjectPrefix);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  return {
    config,
    nc,
    db,
    env: () => ({ DATABASE_URL: database.url, NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: config.subjectPrefix, AUDIT_CHECKPOINT_DIR: '' }),
    async close() {
      await db.end();
      await deleteEventStream(nc, config.subjectPrefix);
      await deleteCheckpointStream(nc, config.subjectPrefix);
      await drainNats(nc);
      await database.drop();
    },
  };
}
