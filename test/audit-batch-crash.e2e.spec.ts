import { jetstream } from '@nats-io/jetstream';
import { eventSubject, type EventEnvelope } from '@uehub/contracts';
import { openServiceOrm } from '@uehub/database';
import type { ServiceConfig } from '@uehub/service-host';
import { eventually } from '@uehub/testing';
import type { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { auditDatabase } from '../apps/audit/src/audit.app';
import { verifyAuditChain } from '../apps/audit/src/audit-chain.verifier';
import { openAuditTarget, type AuditTarget } from './support/audit-target';
import { spawnService, type ChildService } from './support/child-service';

const EVENTS = 3000;
const CRASHES = 2;

const envelope = (i: number): EventEnvelope => ({
  id: uuidv7(),
  type: 'auth.user.updated',
  schemaVersion: 1,
  stream: { type: 'user', id: uuidv7(), version: 2 },
  occurredAt: new Date().toISOString(),
  actor: { kind: 'system', id: 'crash-test' },
  correlationId: uuidv7(),
  causationId: uuidv7(),
  data: { n: i },
  changes: { name: { from: `n${i - 1}`, to: `n${i}` } },
});

// Audit ingests in batches (one inbox statement, one records statement, then the acks): a
// process killed with SIGKILL while a batch's transaction is open must lose nothing, store
// nothing twice and leave an unbroken chain once a new process has caught up.
describe('audit ingest killed in the middle of a batch', () => {
  let target: AuditTarget;
  let config: ServiceConfig;
  let db: Client;
  let audit: ChildService | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    target = await openAuditTarget('audit_crash');
    ({ config, db } = target);
    const js = jetstream(target.nc);
    for (let i = 0; i < EVENTS; i += 250) {
      const slice = Array.from({ length: Math.min(250, EVENTS - i) }, (_, k) => envelope(i + k));
      ids.push(...slice.map((e) => e.id));
      await Promise.all(slice.map((e) => js.publish(eventSubject(config.subjectPrefix, e.type), JSON.stringify(e), { msgID: e.id })));
    }
  }, 120_000);

  afterAll(async () => {
    await audit?.stop();
    await target?.close();
  });

  const env = () => target.env();
  const count = async (sql: string) => Number((await db.query<{ n: string }>(`select count(*)::text as n ${sql}`)).rows[0].n);

  /** Waits (polling without pause) until the service is inside a batch: its transaction open, the inbox or records insert sent. */
  async function insideBatch(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await db.query(
        `select 1 from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
            and (query like 'insert into audit.audit_records%' or query like 'insert into "audit"."audit_inbox"%' or query like 'insert into audit.audit_inbox%')`,
      );
      if (rows.length > 0) return;
    }
    throw new Error(`no batch seen in ${timeoutMs} ms`);
  }

  it('should store every event once, with the chain intact, after crashes during batches', async () => {
    const recordedAtCrash: number[] = [];
    for (let crash = 0; crash < CRASHES; crash++) {
      audit = await spawnService('audit', env());
      await insideBatch();
      await audit.crash();
      recordedAtCrash.push(await count('from audit.audit_records'));
    }
    // each crash came in the middle of the backlog, not after it
    expect(recordedAtCrash.every((n) => n < EVENTS)).toBe(true);

    audit = await spawnService('audit', env());
    await eventually(async () => ((await count('from audit.audit_records')) >= EVENTS ? true : undefined), 90_000, 'the backlog to be recorded');
    await audit.stop();
    audit = undefined;

    expect(await count('from audit.audit_records')).toBe(EVENTS);
    const stored = (await db.query<{ event_id: string }>('select event_id from audit.audit_records')).rows.map((r) => r.event_id);
    expect(new Set(stored)).toEqual(new Set(ids));
    expect(await count(`from audit.audit_inbox`)).toBe(EVENTS);
    const orm = await openServiceOrm(auditDatabase(config));
    try {
      await expect(verifyAuditChain(orm.em.fork())).resolves.toMatchObject({ ok: true, records: EVENTS });
    } finally {
      await orm.close(true);
    }
  }, 300_000);
});
