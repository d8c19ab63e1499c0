import { v7 as uuidv7 } from 'uuid';
import { createAuditApp } from './audit.app';
import { verifyAuditChain, type ChainVerdict } from './audit-chain.verifier';
import { openAuditFixture, testEnvelope, TEST_AUDIT_OPTIONS, type AuditFixture } from './audit.fixture';
import { AuditRecordHandler } from './audit-record.handler';
import { AUDIT_STORE_TABLES } from './audit-tables';
import { GENESIS_HASH } from './canonical-hash';

describe('audit hash chain (PostgreSQL + NATS)', () => {
  let f: AuditFixture;

  beforeAll(async () => {
    f = await openAuditFixture('audit_chain');
    for (let i = 0; i < 12; i++) {
      await f.publish(testEnvelope({ occurredAt: `2026-0${1 + (i % 9)}-15T08:00:00.${String(i).padStart(6, '0')}+01:00` }));
    }
    await f.settled();
  });
  afterAll(() => f?.close());

  const execute = <T extends object>(sql: string, params: unknown[] = []) => f.orm.em.fork().execute<T[]>(sql, params);
  const seqs = async () => (await execute<{ seq: string }>('select r.seq::text as seq from audit.audit_records r order by r.seq')).map((r) => r.seq);

  /** Runs work in a transaction that is always rolled back; triggers are off, as for an attacker with superuser. */
  async function tampered(work: (run: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<ChainVerdict> {
    let verdict: ChainVerdict | undefined;
    await expect(
      f.orm.em.fork().transactional(async (tx) => {
        await tx.execute('set local session_replication_role = replica');
        await work((sql, params = []) => tx.execute(sql, params));
        verdict = await verifyAuditChain(tx, 5);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    return verdict!;
  }

  it('should link every record to the one before, starting from the genesis hash', async () => {
    const rows = await execute<{ prev_hash: string; hash: string }>('select prev_hash, hash from audit.audit_records order by seq');
    expect(rows).toHaveLength(12);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const verdict = await verifyAuditChain(f.orm.em.fork(), 5);
    expect(verdict).toEqual({ ok: true, records: 12, headHash: rows[11].hash });
  });

  it('should refuse UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(execute(`update audit.audit_records set actor_id = 'mallory'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(execute('delete from audit.audit_records')).rejects.toThrow(/append-only: DELETE/);
    await expect(execute('truncate audit.audit_records')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await seqs()).toHaveLength(12);
  });

  it('should name the first modified record', async () => {
    const [, , third] = await seqs();
    const verdict = await tampered(async (run) => {
      await run(`update audit.audit_records set occurred_at = occurred_at + interval '1 microsecond' where seq = ?`, [third]);
    });
    expect(verdict).toMatchObject({ ok: false, records: 2, firstBad: { seq: third, problem: 'modified' } });
  });

  it('should name the record after a missing one', async () => {
    const all = await seqs();
    const verdict = await tampered(async (run) => {
      await run('delete from audit.audit_records where seq = ?', [all[6]]);
    });
    expect(verdict).toMatchObject({ ok: false, records: 6, firstBad: { seq: all[7], problem: 'missing-or-reordered' } });
    expect(await verifyAuditChain(f.orm.em.fork())).toMatchObject({ ok: true, records: 12 });
  });

  it('should make concurrent appenders wait for each other on the chain head', async () => {
    const handler = f.app.get(AuditRecordHandler);
    const before = (await seqs()).length;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        f.orm.em.fork().transactional(async (tx) => {
          await handler.beforeBatch(tx);
          await tx.execute('select pg_sleep(0.02)'); // widen the window a missing lock would leave open
          await handler.handle(tx, testEnvelope(), { subject: 'direct', streamSequence: 10_000 + i, deliveryCount: 1 });
        }),
      ),
    );
    expect(await verifyAuditChain(f.orm.em.fork())).toMatchObject({ ok: true, records: before + 8 });
  });

  it('should keep one unbroken chain while two replicas ingest at once', async () => {
    const second = await createAuditApp(f.config, { consumer: { ...TEST_AUDIT_OPTIONS.consumer, batchSize: 3 } });
    try {
      const ids = Array.from({ length: 60 }, () => uuidv7());
      await Promise.all(ids.map((id) => f.publish(testEnvelope({ id }))));
      await f.settled(30_000);
      const [{ n }] = await execute<{ n: string }>('select count(*)::text as n from audit.audit_records where event_id = any(?::uuid[])', [
        `{${ids.join(',')}}`,
      ]);
      expect(Number(n)).toBe(60);
      expect(await verifyAuditChain(f.orm.em.fork())).toMatchObject({ ok: true, records: 80 });
      expect(await execute(`select * from ${AUDIT_STORE_TABLES.deadLetters}`)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
