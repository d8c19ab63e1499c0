import type { Role, TemplateView } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { expectProblem } from './support/inventory';
import { createOnePerRole, type Person } from './support/people';
import { actionsOf, answer, ok, publishedTemplate, startInspection, VEHICLE_CHECK } from './support/safety';
import { startSystem, type RunningSystem } from './support/system';

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

describe('safety routes, roles and error codes through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let people: Record<Role, Person>;
  let template: TemplateView;

  beforeAll(async () => {
    system = await startSystem('e2e_safety_routes');
    api = apiClient(system.baseUrl);
    const superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'sr');
    template = await publishedTemplate(api, people.manager.token, VEHICLE_CHECK);
  });
  afterAll(() => system.stop());

  describe('templates', () => {
    it('should let managers and up write, and refuse employees, workers and auditors', async () => {
      for (const role of ['employee', 'worker', 'auditor'] as const) {
        expectProblem(await api('POST', '/api/v1/safety/templates', { token: people[role].token, body: VEHICLE_CHECK }), 403, 'FORBIDDEN');
        expectProblem(await api('POST', `/api/v1/safety/templates/${template.id}/archive`, { token: people[role].token }), 403, 'FORBIDDEN');
      }
      const listed = ok(await api('GET', '/api/v1/safety/templates?status=published', { token: people.auditor.token }));
      expect(listed.items.map((t) => t.id)).toContain(template.id);
    });
    it('should refuse bad content, unknown ids, a stale If-Match and publishing twice', async () => {
      const noOptions = { ...VEHICLE_CHECK, sections: [{ title: 'S', items: [{ id: 'c', label: 'C', kind: 'choice' }] }] };
      expectProblem(await api.untyped('POST', '/api/v1/safety/templates', { token: people.manager.token, body: noOptions }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', `/api/v1/safety/templates/${UNKNOWN_ID}`, { token: people.worker.token }), 404, 'NOT_FOUND');
      expectProblem(await api('GET', '/api/v1/safety/templates/nope', { token: people.worker.token }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('PUT', `/api/v1/safety/templates/${template.id}`, { token: people.manager.token, body: VEHICLE_CHECK, headers: { 'if-match': '"1"' } }), 412, 'VERSION_MISMATCH');
      expectProblem(await api('POST', `/api/v1/safety/templates/${template.id}/publish`, { token: people.manager.token }), 422, 'RULE_VIOLATED');
    });
    it('should not start inspections from an archived template', async () => {
      const archived = await publishedTemplate(api, people.manager.token, { ...VEHICLE_CHECK, name: 'Old' });
      ok(await api('POST', `/api/v1/safety/templates/${archived.id}/archive`, { token: people.admin.token }));
      expectProblem(await api('POST', '/api/v1/safety/inspections', { token: people.employee.token, body: { templateId: archived.id, site: 'Yard' } }), 422, 'RULE_VIOLATED');
      const draft = ok(await api('POST', '/api/v1/safety/templates', { token: people.manager.token, body: VEHICLE_CHECK }), 201);
      expectProblem(await api('POST', '/api/v1/safety/inspections', { token: people.employee.token, body: { templateId: draft.id, site: 'Yard' } }), 422, 'RULE_VIOLATED');
    });
  });

  describe('inspections', () => {
    it('should let employees start, refuse workers and auditors, and let only managers assign someone else', async () => {
      expectProblem(await api('POST', '/api/v1/safety/inspections', { token: people.worker.token, body: { templateId: template.id, site: 'Yard' } }), 403, 'FORBIDDEN');
      expectProblem(await api('POST', '/api/v1/safety/inspections', { token: people.auditor.token, body: { templateId: template.id, site: 'Yard' } }), 403, 'FORBIDDEN');
      const toWorker = { templateId: template.id, site: 'Yard', inspectorId: people.worker.user.id };
      expectProblem(await api('POST', '/api/v1/safety/inspections', { token: people.employee.token, body: toWorker }), 403, 'FORBIDDEN');
      const assigned = ok(await api('POST', '/api/v1/safety/inspections', { token: people.manager.token, body: toWorker }), 201);
      expect(assigned.inspectorId).toBe(people.worker.user.id);
      expectProblem(await api('POST', '/api/v1/safety/inspections', { token: people.manager.token, body: { ...toWorker, inspectorId: UNKNOWN_ID } }), 422, 'UNKNOWN_USER');
      // the worker does their own inspection; another's is invisible to them
      ok(await answer(api, people.worker.token, assigned.id, 'brakes', 'pass'));
      const others = await startInspection(api, people.employee.token, template.id, 'Yard');
      expectProblem(await api('GET', `/api/v1/safety/inspections/${others.id}`, { token: people.worker.token }), 404, 'NOT_FOUND');
      expectProblem(await answer(api, people.worker.token, others.id, 'brakes', 'pass'), 403, 'FORBIDDEN');
      expectProblem(await answer(api, people.auditor.token, others.id, 'brakes', 'pass'), 403, 'FORBIDDEN');
      const mine = ok(await api('GET', '/api/v1/safety/inspections', { token: people.worker.token }));
      expect(mine.items.map((i) => i.id)).toEqual([assigned.id]);
    });
    it('should refuse answers that do not fit the item, and unknown items', async () => {
      const inspection = await startInspection(api, people.employee.token, template.id);
      expectProblem(await answer(api, people.employee.token, inspection.id, 'brakes', 'maybe'), 400, 'VALIDATION_FAILED');
      expectProblem(await answer(api, people.employee.token, inspection.id, 'nope', 'pass'), 404, 'NOT_FOUND');
      expectProblem(await answer(api, people.employee.token, UNKNOWN_ID, 'brakes', 'pass'), 404, 'NOT_FOUND');
    });
    it('should filter by site, result and status and page newest first', async () => {
      const a = await startInspection(api, people.employee.token, template.id, 'Filter site');
      const b = await startInspection(api, people.employee.token, template.id, 'Filter site');
      ok(await answer(api, people.employee.token, b.id, 'brakes', 'fail'));
      ok(await answer(api, people.employee.token, b.id, 'tyres', 2.5));
      ok(await api('POST', `/api/v1/safety/inspections/${b.id}/complete`, { token: people.employee.token }));
      const first = ok(await api('GET', '/api/v1/safety/inspections?site=Filter%20site&limit=1', { token: people.auditor.token }));
      const second = ok(await api('GET', `/api/v1/safety/inspections?site=Filter%20site&limit=1&cursor=${first.nextCursor}`, { token: people.auditor.token }));
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual([b.id, a.id]);
      const failed = ok(await api('GET', '/api/v1/safety/inspections?site=Filter%20site&result=fail&status=completed', { token: people.auditor.token }));
      expect(failed.items.map((i) => i.id)).toEqual([b.id]);
      expectProblem(await api('GET', '/api/v1/safety/inspections?cursor=AAAA', { token: people.auditor.token }), 400, 'VALIDATION_FAILED');
    });
    it('should change a completed inspection only by an amendment with a reason, shown in its history', async () => {
      const inspection = await startInspection(api, people.employee.token, template.id);
      ok(await answer(api, people.employee.token, inspection.id, 'brakes', 'pass'));
      ok(await answer(api, people.employee.token, inspection.id, 'tyres', 2.5));
      const done = ok(await api('POST', `/api/v1/safety/inspections/${inspection.id}/complete`, { token: people.employee.token }));
      expect(done).toMatchObject({ result: 'pass', score: 66.7 });
      expectProblem(await answer(api, people.employee.token, inspection.id, 'brakes', 'fail', 'brakes-2'), 409, 'SEALED');
      expectProblem(await api('POST', `/api/v1/safety/inspections/${inspection.id}/complete`, { token: people.employee.token }), 409, 'SEALED');
      expectProblem(await api.untyped('POST', `/api/v1/safety/inspections/${inspection.id}/amend`, { token: people.employee.token, body: { itemId: 'brakes', value: 'fail' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('POST', `/api/v1/safety/inspections/${inspection.id}/amend`, { token: people.auditor.token, body: { itemId: 'brakes', value: 'fail', reason: 'x' } }), 403, 'FORBIDDEN');
      const amended = ok(await api('POST', `/api/v1/safety/inspections/${inspection.id}/amend`, { token: people.employee.token, body: { itemId: 'brakes', value: 'fail', reason: 'rechecked: pedal soft' } }));
      expect(amended).toMatchObject({ result: 'fail', score: 33.3, failedItemIds: ['brakes'] });
      expect(amended.amendments).toEqual([{ itemId: 'brakes', from: 'pass', to: 'fail', reason: 'rechecked: pedal soft', by: people.employee.user.id, at: expect.any(String) }]);
      // the failure found by the amendment opens its action
      const actions = await actionsOf(api, people.manager.token, `?assigneeId=${people.employee.user.id}&status=open`);
      expect(actions.filter((a) => a.inspectionId === inspection.id).map((a) => [a.itemId, a.priority])).toEqual([['brakes', 'critical']]);
      // countersigning: managers only, never the inspector
      expectProblem(await api('POST', `/api/v1/safety/inspections/${inspection.id}/sign`, { token: people.employee.token }), 403, 'FORBIDDEN');
      const signed = ok(await api('POST', `/api/v1/safety/inspections/${inspection.id}/sign`, { token: people.manager.token }));
      expect(signed.signatures.map((s) => [s.role, s.answersDigest === done.signatures[0].answersDigest])).toEqual([
        ['inspector', true],
        ['countersigner', false],
      ]);
    });
  });

  describe('summary report', () => {
    it('should count completed and failed inspections per site in the period, and open actions by priority, for managers and auditors', async () => {
      const from = new Date(Date.now() - 1000).toISOString();
      for (const brakes of ['pass', 'fail']) {
        const inspection = await startInspection(api, people.employee.token, template.id, 'Report site');
        ok(await answer(api, people.employee.token, inspection.id, 'brakes', brakes));
        ok(await answer(api, people.employee.token, inspection.id, 'tyres', 2.5));
        ok(await api('POST', `/api/v1/safety/inspections/${inspection.id}/complete`, { token: people.employee.token }));
      }
      await startInspection(api, people.employee.token, template.id, 'Report site'); // not completed: not counted
      const to = new Date(Date.now() + 1000).toISOString();
      const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=site`;
      const report = ok(await api('GET', `/api/v1/safety/reports/summary?${query}`, { token: people.auditor.token }));
      expect(report.groups.find((g) => g.key === 'Report site')).toEqual({ key: 'Report site', done: 2, failed: 1, missed: 0 });
      expect(report.actions.map((a) => a.priority)).toEqual(['low', 'medium', 'high', 'critical']);
      expect(report.actions.find((a) => a.priority === 'critical')!.open).toBeGreaterThanOrEqual(1);
      expectProblem(await api('GET', `/api/v1/safety/reports/summary?${query}`, { token: people.employee.token }), 403, 'FORBIDDEN');
      expectProblem(await api('GET', `/api/v1/safety/reports/summary?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('corrective actions', () => {
    it('should list the open actions of a deactivated user as needing a new owner, and refuse them as assignee', async () => {
      const leaver = ok(await api('POST', '/api/v1/users', { token: people.admin.token, body: { email: 'leaver.sr@example.com', password: 'Sturdy-password-42', name: 'Leaver', role: 'worker' } }), 201);
      const open = ok(await api('POST', '/api/v1/safety/actions', { token: people.manager.token, body: { title: 'Leaky tap', assigneeId: leaver.id } }), 201);
      ok(await api('POST', `/api/v1/users/${leaver.id}/deactivate`, { token: people.admin.token }));
      await eventually(async () => {
        const listed = await actionsOf(api, people.manager.token, '?needsOwner=true');
        return listed.some((a) => a.id === open.id) ? true : undefined;
      }, 15_000, 'the action listed as needing a new owner');
      expectProblem(await api('PATCH', `/api/v1/safety/actions/${open.id}`, { token: people.manager.token, body: { assigneeId: leaver.id } }), 422, 'USER_INACTIVE');
      ok(await api('PATCH', `/api/v1/safety/actions/${open.id}`, { token: people.manager.token, body: { assigneeId: people.employee.user.id } }));
      expect((await actionsOf(api, people.manager.token, '?needsOwner=true')).map((a) => a.id)).not.toContain(open.id);
    });
    it('should let employees raise an action with a default due date, and refuse workers, auditors and inactive assignees', async () => {
      const raised = ok(await api('POST', '/api/v1/safety/actions', { token: people.employee.token, body: { title: 'Cable across walkway', priority: 'low', assigneeId: people.worker.user.id } }), 201);
      expect(raised).toMatchObject({ source: 'manual', status: 'open', priority: 'low', assigneeId: people.worker.user.id, overdue: false });
      expect(Date.parse(raised.dueAt) - Date.parse(raised.createdAt)).toBeGreaterThan(14 * 86_400_000 - 2000);
      expectProblem(await api('POST', '/api/v1/safety/actions', { token: people.worker.token, body: { title: 'x' } }), 403, 'FORBIDDEN');
      expectProblem(await api('POST', '/api/v1/safety/actions', { token: people.auditor.token, body: { title: 'x' } }), 403, 'FORBIDDEN');
      expectProblem(await api('POST', '/api/v1/safety/actions', { token: people.employee.token, body: { title: 'x', assigneeId: UNKNOWN_ID } }), 422, 'UNKNOWN_USER');
      expectProblem(await api.untyped('POST', '/api/v1/safety/actions', { token: people.employee.token, body: { title: 'x', priority: 'urgent' } }), 400, 'VALIDATION_FAILED');
    });
    it('should let the assignee start and resolve, managers assign, verify (not the resolver) and cancel', async () => {
      const past = new Date(Date.now() - 3_600_000).toISOString();
      const raised = ok(await api('POST', '/api/v1/safety/actions', { token: people.manager.token, body: { title: 'Guard rail loose', assigneeId: people.worker.user.id, dueAt: past } }), 201);
      expect(raised.overdue).toBe(true);
      const path = `/api/v1/safety/actions/${raised.id}` as const;
      expect((await actionsOf(api, people.auditor.token, '?overdue=true')).map((a) => a.id)).toContain(raised.id);
      expectProblem(await api('PATCH', path, { token: people.worker.token, body: { priority: 'high' } }), 403, 'FORBIDDEN');
      expectProblem(await api('PATCH', path, { token: people.employee.token, body: { status: 'in_progress' } }), 403, 'FORBIDDEN');
      expectProblem(await api('PATCH', path, { token: people.worker.token, body: { status: 'in_progress' }, headers: { 'if-match': '"9"' } }), 412, 'VERSION_MISMATCH');
      ok(await api('PATCH', path, { token: people.worker.token, body: { status: 'in_progress' } }));
      expectProblem(await api.untyped('POST', `${path}/resolve`, { token: people.worker.token, body: {} }), 400, 'VALIDATION_FAILED');
      ok(await api('POST', `${path}/resolve`, { token: people.worker.token, body: { note: 'Re-bolted' } }));
      expectProblem(await api('POST', `${path}/verify`, { token: people.employee.token }), 403, 'FORBIDDEN');
      const verified = ok(await api('POST', `${path}/verify`, { token: people.manager.token }));
      expect(verified).toMatchObject({ status: 'verified', verifiedBy: people.manager.user.id, overdue: false });
      expectProblem(await api('POST', `${path}/cancel`, { token: people.manager.token, body: { reason: 'late' } }), 422, 'RULE_VIOLATED');

      const other = ok(await api('POST', '/api/v1/safety/actions', { token: people.manager.token, body: { title: 'Duplicate report' } }), 201);
      expectProblem(await api('POST', `/api/v1/safety/actions/${other.id}/cancel`, { token: people.employee.token, body: { reason: 'dup' } }), 403, 'FORBIDDEN');
      expectProblem(await api.untyped('POST', `/api/v1/safety/actions/${other.id}/cancel`, { token: people.manager.token, body: {} }), 400, 'VALIDATION_FAILED');
      const cancelled = ok(await api('POST', `/api/v1/safety/actions/${other.id}/cancel`, { token: people.manager.token, body: { reason: 'duplicate of another report' } }));
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'duplicate of another report' });
      expectProblem(await api('GET', `/api/v1/safety/actions/${other.id}`, { token: people.worker.token }), 404, 'NOT_FOUND');
    });
  });
});
