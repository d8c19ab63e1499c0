import { jetstreamManager } from '@nats-io/jetstream';
import { generateKeyPairSync } from 'node:crypto';
import { auditCheckpointStreamName } from '@uehub/contracts';
import { verifyAuditChain } from '../audit-chain.verifier';
import { openAuditFixture, testEnvelope, type AuditFixture } from '../audit.fixture';
import { checkpointSignatureValid, signCheckpoint, type SignedCheckpoint } from '@uehub/audit-verify';
import { readCheckpoints } from '../checkpoints/checkpoint-store';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { keyIdOf, signingKeys } from '../checkpoints/signing-keys';
import { AuditVerifyService } from './audit-verify.service';
import type { AuditVerification } from './audit-verifier';
import { allRows, rewriteTail } from './tamper.fixture';
import type { EntityManager } from '@mikro-orm/postgresql';

describe('signed checkpoints and the verifier against tampering (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  let seqs: string[];
  let checkpoints: SignedCheckpoint[];

  const publish = async (n: number) => {
    for (let i = 0; i < n; i++) await f.publish(testEnvelope());
    await f.settled();
  };

  beforeAll(async () => {
    f = await openAuditFixture('audit_tamper');
    await publish(6);
    await f.app.get(Checkpointer).checkpointNow();
    await publish(6);
    await f.app.get(Checkpointer).checkpointNow();
    await publish(2); // after the last checkpoint: covered by the chain only
    seqs = (await allRows(f.orm.em.fork())).map((row) => row.seq);
    checkpoints = await readCheckpoints(f.orm.em.fork());
  });
  afterAll(() => f?.close());

  const verify = (em: EntityManager) => f.app.get(AuditVerifyService).verify({}, em);

  /** Tampers in a transaction that is always rolled back (triggers off, as for a superuser) and verifies inside it. */
  async function tampered(work: (tx: EntityManager) => Promise<unknown>): Promise<{ verdict: AuditVerification; chainOnly: unknown }> {
    let verdict: AuditVerification | undefined;
    let chainOnly: unknown;
    await expect(
      f.orm.em.fork().transactional(async (tx) => {
        await tx.execute('set local session_replication_role = replica');
        await work(tx);
        verdict = await verify(tx);
        chainOnly = await verifyAuditChain(tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    return { verdict: verdict!, chainOnly };
  }

  it('should sign chained checkpoints over the ranges and verify the untouched log', async () => {
    expect(seqs).toHaveLength(14);
    const keys = f.checkpoints.keys;
    expect(checkpoints.map(({ checkpoint, firstSeq, lastSeq, count, keyId }) => ({ checkpoint, firstSeq, lastSeq, count, keyId }))).toEqual([
      { checkpoint: 1, firstSeq: Number(seqs[0]), lastSeq: Number(seqs[5]), count: 6, keyId: keys.kid },
      { checkpoint: 2, firstSeq: Number(seqs[6]), lastSeq: Number(seqs[11]), count: 6, keyId: keys.kid },
    ]);
    expect(checkpoints[1].prevDigest).toBe(checkpoints[0].digest);
    expect(checkpointSignatureValid(checkpoints[0], keys.privateKey)).toBe(true);
    expect(await f.app.get(AuditVerifyService).verify()).toEqual({ ok: true, records: 14, checkpoints: 2, lastCheckpoint: 2, uncheckpointed: 2 });
  });

  it('should keep a copy of every checkpoint in files and in a stream that refuses delete and purge', async () => {
    const [files, stream] = f.app.get(Checkpointer).sinks;
    expect(await files.readAll()).toEqual(checkpoints);
    expect(await stream.readAll()).toEqual(checkpoints);
    const jsm = await jetstreamManager(f.nc);
    const name = auditCheckpointStreamName(f.config.subjectPrefix);
    await expect(jsm.streams.deleteMessage(name, 1)).rejects.toThrow(/delete/i);
    await expect(jsm.streams.purge(name)).rejects.toThrow(/purge/i);
    expect((await jsm.streams.info(name)).state.messages).toBe(2);
  });

  it('should catch a changed field with every later hash recomputed by the checkpoint head hash', async () => {
    const { verdict, chainOnly } = await tampered(async (tx) => {
      const rows = (await allRows(tx)).slice(2);
      rows[0] = { ...rows[0], actor_id: 'mallory' };
      await rewriteTail(tx, seqs[2], rows);
    });
    expect(chainOnly).toMatchObject({ ok: true, records: 14 }); // the hash chain alone is fooled
    expect(verdict).toEqual({
      ok: false,
      records: 5,
      checkpoints: 0,
      lastCheckpoint: 2,
      uncheckpointed: 0,
      finding: {
        kind: 'checkpoint',
        checkpoint: 1,
        problem: 'head-hash-mismatch',
        detail: `the record at seq ${seqs[5]} does not have the head hash it signed: a record in seq ${seqs[0]}..${seqs[5]} was changed`,
      },
    });
  });

  it('should catch the newest records deleted against the latest checkpoint', async () => {
    const { verdict, chainOnly } = await tampered((tx) => rewriteTail(tx, seqs[10], []));
    expect(chainOnly).toMatchObject({ ok: true, records: 10 });
    expect(verdict.finding).toEqual({
      kind: 'checkpoint',
      checkpoint: 2,
      problem: 'records-missing',
      detail: `it covers records up to seq ${seqs[11]}, the log ends at seq ${seqs[9]} (4 of its 6 records are there)`,
    });
  });

  it('should catch a record inserted in the middle (later records renumbered and rehashed)', async () => {
    const { verdict, chainOnly } = await tampered(async (tx) => {
      const tail = (await allRows(tx)).slice(3);
      const forged = { ...tail[0], event_id: '019a0000-0000-7000-8000-000000000001', actor_id: 'mallory' };
      const shifted = [forged, ...tail].map((row, i) => ({ ...row, seq: seqs[3 + i] ?? String(Number(seqs[13]) + 1) }));
      await rewriteTail(tx, seqs[3], shifted);
    });
    expect(chainOnly).toMatchObject({ ok: true, records: 15 });
    expect(verdict.finding).toEqual({
      kind: 'checkpoint',
      checkpoint: 1,
      // renumbering keeps six records in 1..6, but the sixth is now another record
      problem: 'head-hash-mismatch',
      detail: `the record at seq ${seqs[5]} does not have the head hash it signed: a record in seq ${seqs[0]}..${seqs[5]} was changed`,
    });
  });

  it('should catch an altered checkpoint, with or without its digest recomputed', async () => {
    const alter = (tx: EntityManager, body: SignedCheckpoint) =>
      tx.execute(`update audit.audit_checkpoints set body = ?::jsonb, digest = ? where checkpoint = 1`, [JSON.stringify(body), body.digest]);
    const plain = await tampered((tx) => alter(tx, { ...checkpoints[0], count: 5 }));
    expect(plain.verdict.finding).toEqual({
      kind: 'checkpoint',
      checkpoint: 1,
      problem: 'digest-mismatch',
      detail: 'the stored digest is not the digest of its fields: the checkpoint was altered',
    });
    const { digest } = signCheckpoint({ ...checkpoints[0], count: 5 }, generateKeyPairSync('ed25519').privateKey);
    const redigested = await tampered((tx) => alter(tx, { ...checkpoints[0], count: 5, digest }));
    expect(redigested.verdict.finding).toEqual({
      kind: 'checkpoint',
      checkpoint: 1,
      problem: 'bad-signature',
      detail: `the signature does not verify with key "${f.checkpoints.keys.kid}"`,
    });
  });

  it('should catch a checkpoint signed with another key, under its own key id or the real one', async () => {
    const mallory = generateKeyPairSync('ed25519');
    const replace = (forged: SignedCheckpoint) => (tx: EntityManager) =>
      tx.execute(`update audit.audit_checkpoints set body = ?::jsonb, digest = ?, signature = ? where checkpoint = 2`, [
        JSON.stringify(forged),
        forged.digest,
        forged.signature,
      ]);
    const ownKid = signCheckpoint({ ...checkpoints[1], keyId: keyIdOf(mallory.publicKey) }, mallory.privateKey);
    expect((await tampered(replace(ownKid))).verdict.finding).toEqual({
      kind: 'checkpoint',
      checkpoint: 2,
      problem: 'unknown-key',
      detail: `signed with key "${keyIdOf(mallory.publicKey)}", which is neither a current nor a retired audit key`,
    });
    const realKid = signCheckpoint(checkpoints[1], signingKeys(mallory.privateKey).privateKey);
    expect((await tampered(replace(realKid))).verdict.finding).toMatchObject({ checkpoint: 2, problem: 'bad-signature' });
  });

  it('should catch the newest checkpoints deleted from the database with their records, from the copy outside it', async () => {
    const { verdict } = await tampered(async (tx) => {
      await tx.execute('delete from audit.audit_checkpoints where checkpoint = 2');
      await rewriteTail(tx, seqs[6], []);
    });
    expect(verdict.finding).toEqual({
      kind: 'checkpoint',
      checkpoint: 2,
      problem: 'missing-from-database',
      detail: `the checkpoint directory has checkpoint 2 (up to seq ${seqs[11]}), the database does not`,
    });
  });
});
