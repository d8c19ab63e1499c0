import { jetstream } from '@nats-io/jetstream';
import { eventSubject } from '@uehub/contracts';
import { drainNats } from '@uehub/messaging';
import { eventually } from '@uehub/testing';
import pg from 'pg';
import { createItem } from './support/inventory';
import { apiClient, login, type Api } from './support/http-client';
import { createOnePerRole, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe('dead letters as an operation', () => {
  let system: RunningSystem;
  let api: Api;
  let admin: string;
  let worker: Person;

  beforeAll(async () => {
    system = await startSystem('e2e_dead');
    api = apiClient(system.baseUrl);
    admin = await login(api, system.admin.email, system.admin.password);
    worker = (await createOnePerRole(api, admin, 'dead')).worker;
  });
  afterAll(() => system.stop());

  it('should list a poison event for admins and retry it on request', async () => {
    const nc = await system.connectNats('auth'); // only auth may publish auth's events
    await jetstream(nc).publish(eventSubject(system.prefix, 'auth.user.created'), '{ not json', { msgID: 'poison-1' });
    await drainNats(nc);

    const letters = await eventually(async () => {
      const page = await api('GET', '/api/v1/ops/dead-letters?service=audit', { token: admin });
      return page.body.items.length > 0 ? page.body.items : undefined;
    }, 15_000, 'the poison event in audit_dead_letters');
    expect(letters).toEqual([
      // an unreadable event never becomes readable: dead-lettered on its first delivery
      expect.objectContaining({ consumer: 'audit', eventId: null, payload: '{ not json', attempts: 1, resolvedAt: null }),
    ]);
    expect(letters[0].error).toContain('not valid JSON');

    expect((await api('GET', '/api/v1/ops/dead-letters?service=audit', { token: worker.token })).status).toBe(403);
    expect((await api('GET', '/api/v1/ops/dead-letters?service=billing', { token: admin })).body).toMatchObject({ code: 'VALIDATION_FAILED' });

    const retried = await api('POST', `/api/v1/ops/dead-letters/audit/${letters[0].id}/retry`, { token: admin });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ resolved: false, deadLetter: { id: letters[0].id, attempts: 2, retriedAt: expect.any(String), resolvedAt: null } });
    const unknown = await api('POST', '/api/v1/ops/dead-letters/audit/01900000-0000-7000-8000-000000000000/retry', { token: admin });
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('should list an outbox row the relay parked and publish it on retry', async () => {
    const item = await createItem(api, admin);
    const db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      const outbox = 'inventory.inventory_outbox';
      const row = await eventually(async () => {
        const found = await db.query<{ event_id: string; subject: string; envelope: unknown }>(
          `select event_id, subject, envelope from ${outbox} where envelope #>> '{stream,id}' = $1 and published_at is not null`,
          [item.id],
        );
        return found.rows[0];
      }, 10_000, 'the item event published');
      // as if JetStream had refused it ten times: parked, with its dead letter (what the relay writes)
      await db.query(`update ${outbox} set published_at = null, parked_at = now(), attempts = 10, last_error = 'refused' where event_id = $1`, [row.event_id]);
      await db.query(
        `insert into inventory.inventory_dead_letters (id, consumer, event_id, subject, payload, error, attempts)
         values (gen_random_uuid(), 'outbox-relay', $1, $2, $3, 'publish failed 10 times: refused', 10)`,
        [row.event_id, row.subject, JSON.stringify(row.envelope)],
      );
      const page = await api('GET', '/api/v1/ops/dead-letters?service=inventory&consumer=outbox-relay', { token: admin });
      expect(page.body.items).toEqual([expect.objectContaining({ consumer: 'outbox-relay', eventId: row.event_id, attempts: 10, resolvedAt: null })]);

      const retried = await api('POST', `/api/v1/ops/dead-letters/inventory/${page.body.items[0].id}/retry`, { token: admin });
      expect(retried.body).toMatchObject({ resolved: true, deadLetter: { resolvedAt: expect.any(String) } });
      const [after] = (await db.query(`select published_at is not null as published, parked_at from ${outbox} where event_id = $1`, [row.event_id])).rows;
      expect(after).toEqual({ published: true, parked_at: null });
    } finally {
      await db.end();
    }
  });
});
