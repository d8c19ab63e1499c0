import { jetstream } from '@nats-io/jetstream';
import { eventSubject, type DeadLetterView } from '@uehub/contracts';
import { connectNats, drainNats } from '@uehub/messaging';
import { eventually, testServers } from '@uehub/testing';
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
    const nc = await connectNats(testServers().natsUrl, 'poison-publisher');
    await jetstream(nc).publish(eventSubject(system.prefix, 'auth.user.created'), '{ not json', { msgID: 'poison-1' });
    await drainNats(nc);

    const letters = await eventually(async () => {
      const page = await api<{ items: DeadLetterView[] }>('GET', '/api/v1/ops/dead-letters?service=audit', { token: admin });
      return page.body.items.length > 0 ? page.body.items : undefined;
    }, 15_000, 'the poison event in audit_dead_letters');
    expect(letters).toEqual([
      // an unreadable event never becomes readable: dead-lettered on its first delivery
      expect.objectContaining({ consumer: 'audit', eventId: null, payload: '{ not json', attempts: 1, resolvedAt: null }),
    ]);
    expect(letters[0].error).toContain('not valid JSON');

    expect((await api('GET', '/api/v1/ops/dead-letters?service=audit', { token: worker.token })).status).toBe(403);
    expect((await api('GET', '/api/v1/ops/dead-letters?service=billing', { token: admin })).body).toMatchObject({ code: 'VALIDATION_FAILED' });

    const retried = await api<{ resolved: boolean; deadLetter: DeadLetterView }>('POST', `/api/v1/ops/dead-letters/audit/${letters[0].id}/retry`, { token: admin });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ resolved: false, deadLetter: { id: letters[0].id, attempts: 2, retriedAt: expect.any(String), resolvedAt: null } });
    const unknown = await api('POST', '/api/v1/ops/dead-letters/audit/01900000-0000-7000-8000-000000000000/retry', { token: admin });
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
