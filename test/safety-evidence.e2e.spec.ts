import { createHash } from 'node:crypto';
import type { InspectionView, Role } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { Client } from 'pg';
import { apiClient, login, type Api } from './support/http-client';
import { expectProblem } from './support/inventory';
import { createOnePerRole, type Person } from './support/people';
import { answer, ok, publishedTemplate, startInspection, VEHICLE_CHECK } from './support/safety';
import { startSystem, type RunningSystem } from './support/system';

/** A 1×1 PNG; padded, it is still a PNG by its magic bytes (and spans several bus parts). */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d2a3b40000000049454e44ae426082',
  'hex',
);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('inspection photos through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;
  let inspection: InspectionView;

  const upload = async (token: string, id: string, itemId: string, bytes: Buffer, type = 'image/png') => {
    const form = new FormData();
    form.append('itemId', itemId);
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'photo.png');
    const response = await fetch(`${system.baseUrl}/api/v1/safety/inspections/${id}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: response.status, headers: response.headers, body: (await response.json()) as InspectionView & { code?: string } };
  };

  beforeAll(async () => {
    system = await startSystem('e2e_safety_evidence');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'ev');
    const template = await publishedTemplate(api, people.manager.token, VEHICLE_CHECK);
    inspection = await startInspection(api, people.employee.token, template.id);
    ok(await answer(api, people.employee.token, inspection.id, 'photo', 'dashboard at start'));
    ok(await answer(api, people.employee.token, inspection.id, 'kit', 'full'));
  });
  afterAll(() => system.stop());

  it('should store a photo by its digest, serve the same bytes back, and audit that digest', async () => {
    const photo = Buffer.concat([PNG, Buffer.alloc(1_200_000, 7)]);
    const response = await upload(people.employee.token, inspection.id, 'photo', photo);
    expect(response.status).toBe(201);
    expect(response.body.answers.find((a) => a.itemId === 'photo')?.evidence).toEqual([sha256(photo)]);
    const served = await fetch(`${system.baseUrl}/api/v1/safety/evidence/${sha256(photo)}`, { headers: { authorization: `Bearer ${people.auditor.token}` } });
    const bytes = Buffer.from(await served.arrayBuffer());
    expect([served.status, served.headers.get('content-type'), bytes.length, sha256(bytes)]).toEqual([200, 'image/png', photo.length, sha256(photo)]);
    const [event] = await eventually(async () => {
      const page = ok(await api('GET', `/api/v1/audit/events?type=safety.inspection.evidence_attached&entityId=${inspection.id}`, { token: superToken }));
      return page.items.length ? page.items : undefined;
    }, 15_000, 'evidence_attached in the audit log');
    expect(event.data).toEqual({ itemId: 'photo', sha256: sha256(bytes), contentType: 'image/png', size: photo.length, by: people.employee.user.id, at: expect.any(String) });
  });

  it('should store the same photo once, however often it is attached', async () => {
    ok(await upload(people.employee.token, inspection.id, 'kit', PNG), 201);
    ok(await upload(people.employee.token, inspection.id, 'kit', PNG), 201);
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('select count(*)::int as n from safety.safety_evidence where sha256 = $1', [sha256(PNG)]);
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await db.end();
    }
    const read = ok(await api('GET', `/api/v1/safety/inspections/${inspection.id}`, { token: people.employee.token }));
    expect(read.answers.find((a) => a.itemId === 'kit')?.evidence).toEqual([sha256(PNG)]);
  });

  it('should refuse bytes that are not an image even when declared as one, and uploads over the limit', async () => {
    const text = Buffer.from('this is not a picture at all, just text pretending to be one');
    const refused = await upload(people.employee.token, inspection.id, 'photo', text, 'image/png');
    expect([refused.status, refused.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const tooLarge = await upload(people.employee.token, inspection.id, 'photo', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]));
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await upload(people.auditor.token, inspection.id, 'photo', PNG)).status).toBe(403);
    expectProblem(await api('GET', `/api/v1/safety/evidence/${'0'.repeat(64)}`, { token: people.worker.token }), 404, 'NOT_FOUND');
    expectProblem(await api('GET', '/api/v1/safety/evidence/not-a-digest', { token: people.worker.token }), 400, 'VALIDATION_FAILED');
  });
});
