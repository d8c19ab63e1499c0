import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePublicKeys, verifyExportAt } from '@uehub/audit-verify';
import { eventually } from '@uehub/testing';
import { Checkpointer } from '../apps/audit/src/checkpoints/checkpointer.service';
import { apiClient, login, type Api } from './support/http-client';
import { createOnePerRole, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';
import type { Role } from '@uehub/contracts';

describe('audit keys and verification through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_audit_verify');
    api = apiClient(system.baseUrl);
    people = await createOnePerRole(api, await login(api, system.admin.email, system.admin.password), 'verify');
  });
  afterAll(() => system.stop());

  it('should serve the checkpoint public keys to anyone', async () => {
    const response = await api('GET', '/api/v1/audit/keys');
    expect(response.status).toBe(200);
    const { kid } = system.service('audit').get(Checkpointer).settings.keys;
    expect(response.body.keys).toEqual([{ kid, kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), status: 'current' }]);
  });

  it('should verify the log against a signed checkpoint for an auditor, and refuse a worker', async () => {
    const checkpointer = system.service('audit').get(Checkpointer);
    // the users created above (and their logins) are in the log once the consumer has them
    await eventually(async () => ((await checkpointer.checkpointNow())[0]?.count ?? 0) > 0 || undefined, 15_000, 'a checkpoint over records');
    const verdict = await api('GET', '/api/v1/audit/verify', { token: people.auditor.token });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ ok: true, checkpoints: expect.any(Number), lastCheckpoint: expect.any(Number) });
    expect(verdict.body.checkpoints).toBeGreaterThanOrEqual(1);
    expect(verdict.body.records).toBeGreaterThanOrEqual(6);
    expect((await api('GET', '/api/v1/audit/verify', { token: people.worker.token })).status).toBe(403);
    const bad = await api('GET', '/api/v1/audit/verify?from=5&to=2', { token: people.auditor.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('should stream a signed export as a tar that verifies offline with the published keys, and audit it', async () => {
    const download = (query: string, token: string) => fetch(`${system.baseUrl}/api/v1/audit/export${query}`, { headers: { authorization: `Bearer ${token}` } });
    const response = await download('?type=auth.user&format=csv', people.auditor.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-export-[0-9a-f-]{36}\.tar"$/);
    const dir = await mkdtemp(join(tmpdir(), 'uehub-e2e-export-'));
    try {
      await writeFile(join(dir, 'export.tar'), Buffer.from(await response.arrayBuffer()));
      const keys = await api('GET', '/api/v1/audit/keys');
      const result = await verifyExportAt(join(dir, 'export.tar'), parsePublicKeys(JSON.stringify(keys.body)));
      expect(result).toMatchObject({ ok: true });
      expect(result.records).toBeGreaterThanOrEqual(6); // the users created for each role
      const exported = await api('GET', '/api/v1/audit/events?type=audit.log.exported', { token: people.auditor.token });
      expect(exported.body.items[0]).toMatchObject({ actorId: people.auditor.user.id, data: { rows: result.records } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect((await download('', people.worker.token)).status).toBe(403);
    const bad = await download('?format=xml', people.auditor.token);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });
});
