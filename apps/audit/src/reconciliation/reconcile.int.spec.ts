import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { eventStoreDdl, storeTables } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { openAuditFixture, testEnvelope, type AuditFixture } from '../audit.fixture';
import { reconcileAudit, type Query } from './reconcile';

describe('reconciling the event stores with the audit log (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  const queryOf =
    (em: EntityManager): Query =>
    <T extends object>(sql: string, params: unknown[]) =>
      em.fork().execute<T[]>(sql, params);

  /** An event stored in its service's event store (as its command handler would) and published (as its relay would). */
  async function storeAndPublish(service: 'auth' | 'inventory', envelope: EventEnvelope, publish = true): Promise<void> {
    await f.orm.em.fork().execute(
      `insert into ${storeTables(service).events} (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       values (?, ?, ?, ?, ?, 1, '{}'::jsonb, '{}'::jsonb, ?::timestamptz)`,
      [envelope.stream.type, envelope.stream.id, envelope.stream.version, envelope.id, envelope.type, envelope.occurredAt],
    );
    if (publish) await f.publish(envelope);
  }

  beforeAll(async () => {
    f = await openAuditFixture('audit_reconcile');
    for (const service of ['auth', 'inventory'] as const) {
      await f.orm.em.fork().execute(`create schema if not exists ${service}`);
      for (const sql of eventStoreDdl(storeTables(service))) await f.orm.em.fork().execute(sql);
    }
  });
  afterAll(() => f?.close());

  const user = () => testEnvelope({ type: 'auth.user.updated', stream: { type: 'user', id: uuidv7(), version: 1 } });
  const item = () => testEnvelope({ type: 'inventory.item.created', stream: { type: 'item', id: uuidv7(), version: 1 } });
  const stores = () => [
    { service: 'auth', query: queryOf(f.orm.em) },
    { service: 'inventory', query: queryOf(f.orm.em) },
  ];

  it('should find every stored event in the audit log and nothing else', async () => {
    for (let i = 0; i < 3; i++) await storeAndPublish('auth', user());
    for (let i = 0; i < 3; i++) await storeAndPublish('inventory', item());
    await f.settled();
    expect(await reconcileAudit(queryOf(f.orm.em), stores(), { graceMs: 0 })).toMatchObject({
      ok: true,
      services: [
        { service: 'auth', store: 3, audit: 3, missingFromAudit: 0, notInStore: 0 },
        { service: 'inventory', store: 3, audit: 3, missingFromAudit: 0, notInStore: 0 },
      ],
      unknownService: 0,
      findings: [],
    });
  });

  it('should report an event removed from the audit log and a foreign event added to it, exactly', async () => {
    const removed = item();
    await storeAndPublish('inventory', removed);
    const foreign = item(); // in the audit log, in no store
    await f.publish(foreign);
    await f.settled();
    await f.orm.em.fork().transactional(async (tx) => {
      await tx.execute('set local session_replication_role = replica'); // as a superuser would, past the append-only trigger
      await tx.execute('delete from audit.audit_records where event_id = ?', [removed.id]);
    });
    const result = await reconcileAudit(queryOf(f.orm.em), stores(), { graceMs: 0, pageSize: 2 });
    expect(result).toMatchObject({
      ok: false,
      services: [
        { service: 'auth', store: 3, audit: 3, missingFromAudit: 0, notInStore: 0 },
        { service: 'inventory', store: 4, audit: 4, missingFromAudit: 1, notInStore: 1 },
      ],
      unknownService: 0,
    });
    expect(result.findings).toEqual([
      { service: 'inventory', eventId: removed.id, problem: 'missing-from-audit' },
      { service: 'inventory', eventId: foreign.id, problem: 'not-in-any-store' },
    ]);
  });

  it('should leave out events younger than the grace period (still on their way through the relay)', async () => {
    await storeAndPublish('auth', user(), false);
    const result = await reconcileAudit(queryOf(f.orm.em), stores(), { graceMs: 60_000 });
    expect(result.services[0]).toMatchObject({ service: 'auth', missingFromAudit: 0 });
    const now = await reconcileAudit(queryOf(f.orm.em), stores(), { graceMs: 0 });
    expect(now.services[0]).toMatchObject({ service: 'auth', store: 4, audit: 3, missingFromAudit: 1 });
  });
});
