import { DeadLetters } from '@uehub/event-store';
import { eventually } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { migrateAudit } from './audit.app';
import { openAuditFixture, testEnvelope, userActor, type AuditFixture } from './audit.fixture';
import { AUDIT_STORE_TABLES } from './audit-tables';
import { auditMigrations } from './migrations';

describe('audit ingest (PostgreSQL + NATS)', () => {
  let f: AuditFixture;

  beforeAll(async () => {
    f = await openAuditFixture('audit_ingest');
  });
  afterAll(() => f?.close());

  const recordOf = (eventId: string) =>
    f.orm.em.fork().execute<Record<string, unknown>[]>(
      `select *, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_text
         from audit.audit_records where event_id = ?`,
      [eventId],
    );
  const countOf = async (sql: string, params: unknown[] = []) =>
    Number((await f.orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n ${sql}`, params))[0].n);

  it('should record who, what, when and where from, with the stream sequence', async () => {
    const actor = { ...userActor('admin'), name: 'Ada Admin' };
    const envelope = testEnvelope({
      type: 'auth.user.role_changed',
      stream: { type: 'user', id: uuidv7(), version: 4 },
      occurredAt: '2026-05-01T12:00:00.123456+02:00',
      actor,
      requestId: 'req-1',
      client: { ip: '203.0.113.7', userAgent: 'curl/8' },
      data: { from: 'worker', to: 'manager' },
      changes: { role: { from: 'worker', to: 'manager' } },
    });
    const before = Date.now();
    const seq = await f.publish(envelope);
    const [row] = await eventually(async () => ((await recordOf(envelope.id)).length ? recordOf(envelope.id) : undefined));
    expect(row).toMatchObject({
      event_id: envelope.id,
      event_type: 'auth.user.role_changed',
      schema_version: 1,
      service: 'auth',
      entity_type: 'user',
      entity_id: envelope.stream.id,
      actor_id: actor.id,
      actor_role: 'admin',
      actor_name: 'Ada Admin',
      occurred_text: '2026-05-01T10:00:00.123456Z',
      correlation_id: envelope.correlationId,
      causation_id: envelope.causationId,
      request_id: 'req-1',
      client_ip: '203.0.113.7',
      user_agent: 'curl/8',
      changes: { role: { from: 'worker', to: 'manager' } },
      data: { from: 'worker', to: 'manager' },
      stream_version: 4,
      jetstream_seq: String(seq),
    });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(row.recorded_at as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('should keep a system actor without role or name', async () => {
    const envelope = testEnvelope({ actor: { kind: 'system', id: 'bootstrap' } });
    await f.publish(envelope);
    const [row] = await eventually(async () => ((await recordOf(envelope.id)).length ? recordOf(envelope.id) : undefined));
    expect(row).toMatchObject({ actor_id: 'bootstrap', actor_role: null, actor_name: null, request_id: null, changes: null });
  });

  it('should record an event delivered twice only once', async () => {
    const envelope = testEnvelope();
    await f.publish(envelope, undefined, uuidv7());
    await f.publish(envelope, undefined, uuidv7()); // a different msgID: the broker does not de-duplicate it
    await f.settled();
    await f.publish(envelope, undefined, uuidv7()); // and again after the first one committed
    await f.settled();
    expect(await countOf('from audit.audit_records where event_id = ?', [envelope.id])).toBe(1);
    expect(await countOf(`from ${AUDIT_STORE_TABLES.inbox} where event_id = ?`, [envelope.id])).toBe(1);
  });

  it('should dead-letter poison messages after bounded retries and still ingest the others', async () => {
    const good = [testEnvelope(), testEnvelope()];
    const unstorable = testEnvelope({ data: { note: 'nul \u0000 byte' } }); // jsonb refuses U+0000
    await f.publish(good[0]);
    await f.publish('this is not an event');
    await f.publish(unstorable);
    await f.publish(good[1]);
    const letters = new DeadLetters(f.orm, AUDIT_STORE_TABLES);
    const dead = await eventually(async () => {
      const list = await letters.list({ consumer: 'audit' });
      return list.length >= 2 ? list : undefined;
    }, 20_000, 'two dead letters');
    expect(dead).toHaveLength(2);
    // unreadable: refused at once (it never becomes valid); unstorable: after every delivery
    expect(dead.find((letter) => letter.eventId === null)?.attempts).toBe(1);
    expect(dead.find((letter) => letter.eventId === unstorable.id)?.attempts).toBe(3);
    expect(dead.find((letter) => letter.eventId === null)?.error).toMatch(/not valid JSON/);
    expect(dead.find((letter) => letter.eventId === unstorable.id)?.error).toMatch(/unicode|\\u0000|0x00/i);
    for (const envelope of good) expect((await recordOf(envelope.id)).length).toBe(1);
    expect((await recordOf(unstorable.id)).length).toBe(0);
  });

  it('should run its migrations again without change', async () => {
    expect(await migrateAudit(f.config)).toEqual([]);
    const records = await countOf('from audit.audit_records');
    // forget that they ran: every statement must still be safe to repeat
    await f.orm.em.fork().execute('delete from audit.audit_migrations');
    expect(await migrateAudit(f.config)).toHaveLength(auditMigrations.length);
    expect(await countOf('from audit.audit_records')).toBe(records);
  });
});
