import type { EntityManager } from '@mikro-orm/postgresql';
import { verifyAuditChain } from './audit-chain.verifier';
import { openAuditFixture, testEnvelope, type AuditFixture } from './audit.fixture';
import { AuditRecordHandler } from './audit-record.handler';

describe('audit append: the chain head without a read per batch (PostgreSQL)', () => {
  let f: AuditFixture;

  beforeAll(async () => {
    f = await openAuditFixture('audit_append');
  });
  afterAll(() => f?.close());

  /** Appends `count` new events as one batch in a transaction of its own; returns the statements the handler ran. */
  async function appendBatch(handler: AuditRecordHandler, count: number): Promise<string[]> {
    const statements: string[] = [];
    await f.orm.em.fork().transactional(async (tx) => {
      const counted = new Proxy(tx, {
        get(target, property, receiver) {
          if (property !== 'execute') return Reflect.get(target, property, receiver) as unknown;
          return (sql: string, params?: unknown[]) => {
            statements.push(sql.trim().split(/\s+/).slice(0, 2).join(' '));
            return target.execute(sql, params);
          };
        },
      }) as EntityManager;
      await handler.beforeBatch(counted);
      const items = Array.from({ length: count }, (_, i) => ({ event: testEnvelope(), delivery: { subject: 'test', streamSequence: i + 1, deliveryCount: 1 } }));
      await handler.handleBatch(counted, items);
    });
    return statements;
  }

  it('should chain a batch after its own last one with the lock and one insert, and chain again after another replica appended', async () => {
    const handler = f.app.get(AuditRecordHandler);
    await appendBatch(handler, 3); // learns the head
    expect(await appendBatch(handler, 3)).toEqual(['select pg_advisory_xact_lock(hashtext(\'uehub.audit.audit_records.chain\'))', 'insert into']);
    expect(await appendBatch(handler, 1)).toEqual(['select pg_advisory_xact_lock(hashtext(\'uehub.audit.audit_records.chain\'))', 'insert into']);

    // another replica (a handler of its own) appends: the head moved, the insert is refused, the head is read, the chain goes on
    await appendBatch(new AuditRecordHandler({ noteRecords: () => undefined }), 2);
    expect(await appendBatch(handler, 2)).toEqual(['select pg_advisory_xact_lock(hashtext(\'uehub.audit.audit_records.chain\'))', 'insert into', 'select hash', 'insert into']);
    expect(await verifyAuditChain(f.orm.em.fork())).toMatchObject({ ok: true, records: 11 });
  });
});
