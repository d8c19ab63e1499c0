import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkpointSignatureValid, publicKeyFromRaw, type SignedCheckpoint } from '@uehub/audit-verify';
import type { EventEnvelope } from '@uehub/contracts';
import { contextOf, openAuditFixture, testEnvelope, userActor, type AuditFixture } from '../audit.fixture';
import { AUDIT_RECORDS, AUDIT_SCHEMA } from '../audit-tables';
import { readCheckpoints } from '../checkpoints/checkpoint-store';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { AuditVerifyService } from '../verification/audit-verify.service';
import { allRows } from '../verification/tamper.fixture';
import { PURGE_SETTING } from '../migrations/migration-20261220000000-audit-retention';

const yearsAgo = (years: number) => new Date(Date.now() - years * 366 * 24 * 3600 * 1000).toISOString();

describe('retention and legal hold: purge with a signed tombstone (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  const superadmin = contextOf(userActor('superadmin'));
  const heldEntity = uuidv7();
  const seqOf = new Map<string, number>();

  const event = (type: string, occurredAt: string, entityId = uuidv7()): EventEnvelope =>
    testEnvelope({ type, occurredAt, stream: { type: type.split('.')[1], id: entityId, version: 1 } });

  /** Publishes events, waits for them, and signs a checkpoint over them. */
  async function ingest(label: string, events: EventEnvelope[]): Promise<void> {
    for (const envelope of events) await f.publish(envelope);
    await f.settled();
    await f.app.get(Checkpointer).checkpointNow();
    const rows = await allRows(f.orm.em.fork());
    events.forEach((envelope, i) => seqOf.set(`${label}${i}`, Number(rows.find((row) => row.event_id === envelope.id)!.seq)));
  }

  const seqs = async () => (await allRows(f.orm.em.fork())).map((row) => Number(row.seq));
  const verify = () => f.app.get(AuditVerifyService).verify();

  beforeAll(async () => {
    f = await openAuditFixture('audit_retention');
    // checkpoint 1: past the default 3 years; checkpoint 2: auth events past its 2 years
    await ingest('old', [0, 1, 2].map(() => event('inventory.item.created', yearsAgo(4))));
    await ingest('auth', [0, 1].map(() => event('auth.user.updated', yearsAgo(3))));
    // checkpoint 3: expired, but the first is under a legal hold (so the two after it stay too)
    await ingest('held', [event('inventory.item.created', yearsAgo(4), heldEntity), event('inventory.item.created', yearsAgo(4)), event('inventory.item.created', yearsAgo(4))]);
    // checkpoint 4: safety keeps 5 years; and a record of today
    await ingest('kept', [event('safety.inspection.completed', yearsAgo(4)), event('inventory.item.created', new Date().toISOString())]);
  });
  afterAll(() => f?.close());

  it('should let only a superadmin set a hold, with a reason', async () => {
    await expect(f.rpc.call('audit.holds.set', { entityId: heldEntity, reason: 'litigation 2026-17' }, contextOf(userActor('auditor')))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.rpc.call('audit.holds.set', { entityId: heldEntity } as never, superadmin)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(f.rpc.call('audit.holds.set', { entityId: heldEntity, actorId: 'x', reason: 'two scopes' } as never, superadmin)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('should remove exactly the oldest expired records up to the first held one, sign a tombstone, and still verify', async () => {
    const hold = await f.rpc.call('audit.holds.set', { entityId: heldEntity, entityType: 'item', reason: 'litigation 2026-17' }, superadmin);
    expect(hold).toMatchObject({ scope: { entityId: heldEntity, entityType: 'item' }, reason: 'litigation 2026-17', setBy: superadmin.actor.id, lifted: null });
    const before = await seqs();

    const dryRun = await f.rpc.call('audit.purge', {}, superadmin);
    expect(dryRun).toEqual({ applied: false, removed: { firstSeq: seqOf.get('old0'), lastSeq: seqOf.get('auth1'), count: 5 }, stoppedAt: { seq: seqOf.get('held0'), reason: 'legal-hold' }, tombstone: null });
    expect(await seqs()).toEqual(before);

    const purge = await f.rpc.call('audit.purge', { apply: true }, superadmin);
    expect(purge).toMatchObject({ applied: true, removed: { firstSeq: seqOf.get('old0'), lastSeq: seqOf.get('auth1'), count: 5 }, stoppedAt: { seq: seqOf.get('held0'), reason: 'legal-hold' } });
    // the purge's own record is appended after the survivors
    expect((await seqs()).filter((seq) => seq <= before.at(-1)!)).toEqual(before.filter((seq) => seq > seqOf.get('auth1')!));

    const checkpoints = await readCheckpoints(f.orm.em.fork());
    const tombstone = checkpoints.find((cp) => cp.checkpoint === purge.tombstone)!;
    const cutCheckpoint = checkpoints.find((cp) => cp.lastSeq === seqOf.get('auth1'))!;
    expect(tombstone.purged).toEqual({ firstSeq: 1, lastSeq: seqOf.get('auth1'), count: 5, headHash: cutCheckpoint.headHash });
    expect(tombstone.prevDigest).toBe(checkpoints.find((cp) => cp.checkpoint === tombstone.checkpoint - 1)!.digest);
    expect(checkpointSignatureValid(tombstone, publicKeyFromRaw(f.checkpoints.keys.publicKeys[0].x))).toBe(true);
    expect(checkpointSignatureValid({ ...tombstone, purged: { ...tombstone.purged!, lastSeq: tombstone.purged!.lastSeq + 3 } }, publicKeyFromRaw(f.checkpoints.keys.publicKeys[0].x))).toBe(false);
    // the file copy outside PostgreSQL has the tombstone too
    expect((await f.app.get(Checkpointer).sinks[0].readAll()).map((cp: SignedCheckpoint) => cp.digest)).toContain(tombstone.digest);

    expect(await verify()).toMatchObject({ ok: true });
    const audited = await f.rpc.call('audit.events.query', { type: 'audit', limit: 10 }, superadmin);
    expect(audited.items.map((item) => [item.type, item.data])).toEqual(
      expect.arrayContaining([
        ['audit.log.purged', { removed: purge.removed, tombstone: purge.tombstone }],
        ['audit.hold.set', { scope: { entityId: heldEntity, entityType: 'item' }, reason: 'litigation 2026-17' }],
      ]),
    );
  });

  it('should purge the held range once the hold is lifted, and stop at a record within its retention', async () => {
    const [hold] = (await f.rpc.call('audit.holds.list', {}, contextOf(userActor('auditor')))).items;
    await expect(f.rpc.call('audit.holds.lift', { id: hold.id } as never, superadmin)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const lifted = await f.rpc.call('audit.holds.lift', { id: hold.id, reason: 'case closed' }, superadmin);
    expect(lifted.lifted).toMatchObject({ by: superadmin.actor.id, reason: 'case closed' });
    await expect(f.rpc.call('audit.holds.lift', { id: hold.id, reason: 'again' }, superadmin)).rejects.toMatchObject({ code: 'RULE_VIOLATED' });

    const purge = await f.rpc.call('audit.purge', { apply: true }, superadmin);
    expect(purge).toMatchObject({ applied: true, removed: { firstSeq: seqOf.get('held0'), lastSeq: seqOf.get('held2'), count: 3 }, stoppedAt: { seq: seqOf.get('kept0'), reason: 'retention' } });
    expect((await seqs())[0]).toBe(seqOf.get('kept0'));
    const tombstone = (await readCheckpoints(f.orm.em.fork())).find((cp) => cp.checkpoint === purge.tombstone)!;
    expect(tombstone.purged).toMatchObject({ firstSeq: seqOf.get('auth1')! + 1, lastSeq: seqOf.get('held2'), count: 3 });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('should refuse a delete no tombstone covers, even inside the purge setting, and find records deleted behind its back', async () => {
    const first = String((await seqs())[0]);
    const refused = (sql: string, params: unknown[] = []) =>
      f.orm.em.fork().transactional(async (tx: EntityManager) => {
        await tx.execute(`select set_config('${PURGE_SETTING}', 'on', true)`);
        await tx.execute(sql, params);
      });
    await expect(refused(`delete from ${AUDIT_RECORDS} where seq = ?`, [first])).rejects.toThrow(/append-only/);
    await expect(refused(`select ${AUDIT_SCHEMA}.purge_audit_records(?)`, [first])).rejects.toThrow(/no signed tombstone/);

    // an attacker with the triggers off deletes the oldest remaining record without a tombstone
    let verdict: unknown;
    await expect(
      f.orm.em.fork().transactional(async (tx: EntityManager) => {
        await tx.execute('set local session_replication_role = replica');
        await tx.execute(`delete from ${AUDIT_RECORDS} where seq = ?`, [first]);
        verdict = await f.app.get(AuditVerifyService).verify({}, tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const next = (await seqs())[1];
    expect(verdict).toMatchObject({ ok: false, finding: { kind: 'record', seq: next, problem: 'missing-or-reordered' } });
  });
});
