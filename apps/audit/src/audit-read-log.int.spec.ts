import { v7 as uuidv7 } from 'uuid';
import { openAuditFixture, contextOf, testEnvelope, userActor, type AuditFixture } from './audit.fixture';
import { AuditVerifyService } from './verification/audit-verify.service';

describe('auditing the auditors (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  const auditor = userActor('auditor');

  beforeAll(async () => {
    f = await openAuditFixture('audit_reads');
    for (let i = 0; i < 3; i++) await f.publish(testEnvelope({ type: 'inventory.item.created', stream: { type: 'item', id: uuidv7(), version: 1 } }));
    await f.settled();
  });
  afterAll(() => f?.close());

  it('should append a record for every read and verification: who, from where, what filter, how many rows', async () => {
    const context = { ...contextOf(auditor), requestId: 'req-read-1', ip: '198.51.100.4', userAgent: 'auditor-desk/1' };
    const page = await f.rpc.call('audit.events.query', { type: 'inventory.item', limit: 2 }, context);
    expect(page.items).toHaveLength(2);
    await f.rpc.call('audit.verify', {}, context);
    const reads = await f.rpc.call('audit.events.query', { type: 'audit.log', limit: 10 }, context);
    expect(reads.items.map(({ type, actorId, actorName, requestId, clientIp, userAgent, service, data }) => ({ type, actorId, actorName, requestId, clientIp, userAgent, service, data }))).toEqual([
      {
        type: 'audit.log.verified',
        actorId: auditor.id,
        actorName: 'Test auditor',
        requestId: 'req-read-1',
        clientIp: '198.51.100.4',
        userAgent: 'auditor-desk/1',
        service: 'audit',
        data: { range: {}, ok: true, records: 4, problem: null },
      },
      {
        type: 'audit.log.read',
        actorId: auditor.id,
        actorName: 'Test auditor',
        requestId: 'req-read-1',
        clientIp: '198.51.100.4',
        userAgent: 'auditor-desk/1',
        service: 'audit',
        data: { filter: { type: 'inventory.item', limit: 2 }, cursor: false, rows: 2 },
      },
    ]);
    // the records about reads are part of the chain like any other
    expect(await f.app.get(AuditVerifyService).verify()).toMatchObject({ ok: true, records: 6 });
  });
});
