import { metricsText } from '@uehub/observability';
import { eventually } from '@uehub/testing';
import { contextOf, openAuditFixture, TEST_AUDIT_OPTIONS, testEnvelope, userActor, type AuditFixture } from '../audit.fixture';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { VerificationSchedule } from './verification-schedule';

/** The value of `uehub_audit_verification_ok{service="audit"}`, if exposed. */
async function verificationOk(): Promise<number | undefined> {
  const line = (await metricsText()).split('\n').find((l) => l.startsWith('uehub_audit_verification_ok{service="audit"} '));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('scheduled verification as a metric (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  const first = testEnvelope();

  beforeAll(async () => {
    f = await openAuditFixture('audit_schedule', { ...TEST_AUDIT_OPTIONS, verifyIntervalMs: 250 });
    await f.publish(first);
    for (let i = 0; i < 3; i++) await f.publish(testEnvelope());
    await f.settled();
    await f.app.get(Checkpointer).checkpointNow();
  });
  afterAll(() => f?.close());

  it('should expose 1 while the log verifies, flip to 0 when a record is tampered with, and audit the flip', async () => {
    expect(f.app.get(VerificationSchedule).intervalMs).toBe(250);
    await eventually(async () => ((await verificationOk()) === 1 ? true : undefined), 10_000, 'a verification that passed');
    const text = await metricsText();
    expect(text).toMatch(/^uehub_audit_verification_last_run_timestamp_seconds\{service="audit"\} \d+(\.\d+)?$/m);
    expect(text).toMatch(/^uehub_audit_verifications_total\{service="audit",outcome="ok"\} [1-9]\d*$/m);

    // a DBA changes a record behind the service's back (the test database is this test's own)
    await f.orm.em.fork().transactional(async (tx) => {
      await tx.execute('set local session_replication_role = replica');
      await tx.execute(`update audit.audit_records set actor_id = 'mallory' where event_id = ?`, [first.id]);
    });
    await eventually(async () => ((await verificationOk()) === 0 ? true : undefined), 10_000, 'a verification that failed');
    expect(await metricsText()).toMatch(/^uehub_audit_verifications_total\{service="audit",outcome="finding"\} [1-9]\d*$/m);

    const auditor = contextOf(userActor('auditor'));
    const runs = await f.rpc.call('audit.events.query', { type: 'audit.log.verified', limit: 10 }, auditor);
    // one record per change of outcome, not one per run (the first run may come before or after the events)
    expect(runs.items.map(({ actorId, data }) => ({ actorId, data }))).toEqual([
      { actorId: 'audit-scheduler', data: { scheduled: true, ok: false, records: expect.any(Number), problem: 'modified' } },
      { actorId: 'audit-scheduler', data: { scheduled: true, ok: true, records: expect.any(Number), problem: null } },
    ]);
  });
});
