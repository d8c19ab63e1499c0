import { DeadLetters } from '@uehub/event-store';
import { eventually } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { openAuditFixture, testEnvelope, userActor, type AuditFixture } from './audit.fixture';
import { AUDIT_STORE_TABLES } from './audit-tables';

describe('audit refuses forged and malformed events (PostgreSQL + NATS)', () => {
  let f: AuditFixture;

  beforeAll(async () => {
    f = await openAuditFixture('audit_forged');
  });
  afterAll(() => f?.close());

  const records = async (eventId: string) =>
    (await f.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from audit.audit_records where event_id = ?', [eventId]))[0].n;
  const letterFor = (eventId: string) =>
    eventually(async () => (await new DeadLetters(f.orm, AUDIT_STORE_TABLES).list({ consumer: 'audit' })).find((l) => l.payload.includes(eventId)), 15_000, 'its dead letter');

  it('should keep a forged event (valid shape, wrong subject for its service) out of the log, with the reason in the dead letters', async () => {
    // what a process allowed to publish only inventory's events would try: make someone superadmin
    const forged = testEnvelope({
      type: 'auth.user.role_changed',
      actor: userActor('superadmin'),
      stream: { type: 'user', id: uuidv7(), version: 2 },
      data: { from: 'worker', to: 'superadmin' },
    });
    const seq = await f.publish(forged, 'inventory.item.updated');
    const genuine = testEnvelope();
    await f.publish(genuine);
    await eventually(async () => ((await records(genuine.id)) === 1 ? true : undefined), 15_000, 'the genuine event recorded');
    const letter = await letterFor(forged.id);
    expect(letter).toMatchObject({
      eventId: forged.id,
      attempts: 1,
      streamSequence: seq,
      error: `event refused: subject "${f.config.subjectPrefix}.events.inventory.item.updated" does not carry event type "auth.user.role_changed"`,
    });
    expect(await records(forged.id)).toBe(0);
  });

  it('should dead-letter a malformed envelope with its reason, never recorded', async () => {
    const malformed = { ...testEnvelope(), actor: { kind: 'user', id: uuidv7(), role: 'emperor' } };
    await f.publish(JSON.stringify(malformed), 'auth.user.updated');
    const letter = await letterFor(malformed.id);
    expect(letter.error).toMatch(/^event envelope is not valid: actor/);
    expect(await records(malformed.id)).toBe(0);
  });
});
