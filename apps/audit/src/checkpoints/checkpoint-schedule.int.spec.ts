import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@uehub/testing';
import { openAuditFixture, testCheckpointSettings, testEnvelope, TEST_AUDIT_OPTIONS, type AuditFixture } from '../audit.fixture';
import { verifyCommand } from '../verification/verify-command';
import { readCheckpoints } from './checkpoint-store';

describe('when checkpoints are signed, and audit:verify (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  const dir = mkdtempSync(join(tmpdir(), 'uehub-checkpoint-schedule-'));

  beforeAll(async () => {
    // 4 records per checkpoint and a 3 s timer stand in for 1,000 records and a minute
    f = await openAuditFixture('audit_cp_schedule', { ...TEST_AUDIT_OPTIONS, checkpoints: testCheckpointSettings(dir, { maxRecords: 4, intervalMs: 3000 }) });
  });
  afterAll(async () => {
    await f?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ranges = async () => (await readCheckpoints(f.orm.em.fork())).map(({ count, firstSeq, lastSeq }) => ({ count, firstSeq, lastSeq }));

  it('should sign a full range as soon as its records are in, and the rest (or nothing) on the timer', async () => {
    for (let i = 0; i < 9; i++) await f.publish(testEnvelope());
    await f.settled();
    await eventually(async () => ((await ranges()).length >= 3 ? true : undefined), 10_000, 'three checkpoints');
    const [first, second, third] = await ranges();
    expect([first, second]).toEqual([
      { count: 4, firstSeq: 1, lastSeq: 4 },
      { count: 4, firstSeq: 5, lastSeq: 8 },
    ]);
    expect(third).toEqual({ count: 1, firstSeq: 9, lastSeq: 9 });
    // with nothing new, the timer still signs: the log had not grown
    await eventually(async () => ((await ranges()).length >= 4 ? true : undefined), 10_000, 'an empty checkpoint');
    expect((await ranges())[3]).toEqual({ count: 0, firstSeq: null, lastSeq: 9 });
  });

  it('should verify through audit:verify with the keys and directory from the environment', async () => {
    const saved = { ...process.env };
    try {
      process.env.AUDIT_SIGNING_KEY = f.checkpoints.keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      process.env.AUDIT_CHECKPOINT_DIR = dir;
      const result = await verifyCommand(f.config, ['--from', '5', '--no-reconcile']); // no event stores in this database
      expect(result).toMatchObject({ ok: true, records: 5 }); // from checkpoint 2 on: seq 5..9
      process.env.AUDIT_SIGNING_KEY = Buffer.alloc(32, 1).toString('base64'); // not the key that signed
      expect(await verifyCommand(f.config, ['--no-reconcile'])).toMatchObject({ ok: false, finding: { checkpoint: 1, problem: 'unknown-key' } });
    } finally {
      process.env = saved;
    }
  });
});
