import { randomUUID } from 'node:crypto';
import type { AuditItem, Role } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { PDFParse } from 'pdf-parse';
import { apiClient, login, type Api } from './support/http-client';
import { expectProblem } from './support/inventory';
import { createOnePerRole, type Person } from './support/people';
import { actionsOf, answer, dailyFrom, dueOf, ok, publishedTemplate, startInspection, VEHICLE_CHECK } from './support/safety';
import { startSystem, type RunningSystem } from './support/system';

const HOUR = 3_600_000;
const scheduleCreated = (items: AuditItem[]) => items.find((e) => e.type === 'safety.schedule.created')!.id;

describe('a day of safety inspections through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_safety_day', { safetyEnv: { SAFETY_MISSED_SWEEP_SECONDS: '0.5' } });
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'safety');
  });
  afterAll(() => system.stop());

  it('should run an inspection with a failed critical item to a verified action, all audited in order under one correlation', async () => {
    const day = { 'x-request-id': `day-${randomUUID()}` };
    const { manager, employee, admin } = people;
    const template = await publishedTemplate(api, manager.token, VEHICLE_CHECK, day);
    expect(template).toMatchObject({ status: 'published', publishedVersion: 1, latestVersion: 1 });

    // schedule it: daily at Depot North for the employee, begun two days and an hour ago (two occurrences already ended unchecked)
    const schedule = ok(await api('POST', '/api/v1/safety/schedules', { token: manager.token, body: dailyFrom(template.id, employee.user.id, 49), headers: day }), 201);
    const occurrences = () => dueOf(api, employee.token, Date.now() - 50 * HOUR, Date.now(), `&scheduleId=${schedule.id}`);
    expect((await occurrences()).map((o) => o.status)).toEqual(['missed', 'missed', 'due']);

    const inspection = await startInspection(api, employee.token, template.id, 'Depot North', day);
    expect(inspection).toMatchObject({ templateVersion: 1, inspectorId: employee.user.id, status: 'in_progress', answers: [] });
    ok(await answer(api, employee.token, inspection.id, 'brakes', 'fail', 'brakes-1', day));
    // a retry of the same save (same answerId) changes nothing
    const retried = await answer(api, employee.token, inspection.id, 'brakes', 'fail', 'brakes-1', day);
    expect([retried.status, retried.body.version, retried.headers.get('idempotent-replayed')]).toEqual([200, 2, 'true']);
    // the answerId is the save's Idempotency-Key: reused for another answer, it is refused
    expectProblem(await answer(api, employee.token, inspection.id, 'brakes', 'pass', 'brakes-1', day), 422, 'IDEMPOTENCY_KEY_REUSED');

    const incomplete = await api('POST', `/api/v1/safety/inspections/${inspection.id}/complete`, { token: employee.token, headers: day });
    expectProblem(incomplete, 422, 'INCOMPLETE');
    expect(incomplete.body).toMatchObject({ errors: [{ path: 'tyres', message: 'required item not answered' }] });

    ok(await answer(api, employee.token, inspection.id, 'tyres', 2.4, 'tyres-1', day));
    const completed = ok(await api('POST', `/api/v1/safety/inspections/${inspection.id}/complete`, { token: employee.token, headers: day }));
    expect(completed).toMatchObject({ status: 'completed', score: 33.3, result: 'fail', failedItemIds: ['brakes'] });
    expect(completed.signatures).toEqual([{ role: 'inspector', userId: employee.user.id, at: completed.completedAt, answersDigest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    // sealed: an answer is refused, an amendment is the only change
    expectProblem(await answer(api, employee.token, inspection.id, 'tyres', 2.6, 'tyres-2', day), 409, 'SEALED');
    const signed = ok(await api('POST', `/api/v1/safety/inspections/${inspection.id}/sign`, { token: manager.token, headers: day }));
    expect(signed.signatures[1]).toEqual({ role: 'countersigner', userId: manager.user.id, at: expect.any(String), answersDigest: completed.signatures[0].answersDigest });

    const [action] = await actionsOf(api, employee.token, `?assigneeId=${employee.user.id}`);
    expect(action).toMatchObject({ source: 'inspection', inspectionId: inspection.id, itemId: 'brakes', priority: 'critical', status: 'open', assigneeId: employee.user.id, title: 'Failed: Brakes work' });
    expect(Date.parse(action.dueAt) - Date.parse(action.createdAt)).toBeGreaterThan(86_399_000);
    expect(Date.parse(action.dueAt) - Date.parse(action.createdAt)).toBeLessThan(86_401_000);

    const path = `/api/v1/safety/actions/${action.id}` as const;
    ok(await api('PATCH', path, { token: employee.token, body: { status: 'in_progress' }, headers: { ...day, 'if-match': `"${action.version}"` } }));
    ok(await api('PATCH', path, { token: manager.token, body: { assigneeId: manager.user.id }, headers: day }));
    ok(await api('POST', `${path}/resolve`, { token: manager.token, body: { note: 'Brake pads replaced' }, headers: day }));
    expectProblem(await api('POST', `${path}/verify`, { token: manager.token, headers: day }), 422, 'RULE_VIOLATED');
    const verified = ok(await api('POST', `${path}/verify`, { token: admin.token, headers: day }));
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: admin.user.id, resolution: { note: 'Brake pads replaced', by: manager.user.id } });

    // the printable report opens and shows the items, the failure, the result and the signatures' digest
    const pdf = await fetch(`${system.baseUrl}/api/v1/safety/inspections/${inspection.id}/report.pdf`, { headers: { authorization: `Bearer ${people.auditor.token}` } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    const { text } = await parser.getText();
    await parser.destroy();
    for (const line of ['Vehicle pre-start (template version 1)', 'Result: FAIL', 'Brakes work (critical): fail FAILED', 'Tyre pressure: 2.4', completed.signatures[0].answersDigest]) {
      expect(text.replace(/\s+/g, ' ')).toContain(line);
    }

    // the inspection did today's occurrence; the two that ended unchecked are missed, each announced once
    const [first, second, today] = await occurrences();
    expect([first.status, second.status, today.status, today.inspectionId]).toEqual(['missed', 'missed', 'done', inspection.id]);
    const missedEvents = async () => {
      const page = ok(await api('GET', '/api/v1/audit/events?type=safety.inspection.missed&limit=100', { token: superToken }));
      return page.items.filter((e) => (e.data as { scheduleId: string }).scheduleId === schedule.id);
    };
    await eventually(async () => ((await missedEvents()).length === 2 ? true : undefined), 15_000, 'two missed occurrences in the audit log');
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // four more sweeps
    const announced = await missedEvents();
    expect(announced.map((e) => [e.type, e.actorId, (e.data as { startsAt: string }).startsAt]).sort()).toEqual([
      ['safety.inspection.missed', 'safety-missed', first.startsAt],
      ['safety.inspection.missed', 'safety-missed', second.startsAt],
    ]);
    expect((await occurrences()).map((o) => o.missedAnnounced)).toEqual([true, true, false]);
    const period = `from=${encodeURIComponent(new Date(Date.now() - 50 * HOUR).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}&groupBy=site`;
    const summary = ok(await api('GET', `/api/v1/safety/reports/summary?${period}`, { token: people.auditor.token }));
    expect(summary.groups.find((g) => g.key === 'Depot North')).toEqual({ key: 'Depot North', done: 1, failed: 1, missed: 2 });

    const expected = [
      'safety.template.created',
      'safety.template.published',
      'safety.schedule.created',
      'safety.inspection.started',
      'safety.inspection.answered',
      'safety.inspection.answered',
      'safety.inspection.completed',
      'safety.inspection.signed',
      'safety.action.opened',
      'safety.inspection.signed',
      'safety.action.started',
      'safety.action.updated',
      'safety.action.resolved',
      'safety.action.verified',
    ];
    await eventually(async () => {
      const page = ok(await api('GET', `/api/v1/audit/events?correlationId=${day['x-request-id']}&limit=100`, { token: superToken }));
      const inOrder = [...page.items].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
      // the sweep's announcements join the schedule's correlation whenever the sweep ran
      expect(inOrder.map((e) => e.type).filter((type) => type !== 'safety.inspection.missed')).toEqual(expected);
      expect(inOrder.filter((e) => e.type === 'safety.inspection.missed').map((e) => e.causationId)).toEqual([scheduleCreated(inOrder), scheduleCreated(inOrder)]);
      return true;
    }, 15_000, 'the day in the audit log');
  });

  it('should keep an inspection on the version it was started from after version 2 is published', async () => {
    const { manager, employee } = people;
    const template = await publishedTemplate(api, manager.token, { ...VEHICLE_CHECK, name: 'Ladder check' });
    const onV1 = await startInspection(api, employee.token, template.id);
    const v2content = { ...VEHICLE_CHECK, name: 'Ladder check v2', sections: [{ title: 'Only', items: [{ id: 'rungs', label: 'Rungs intact', kind: 'check' as const, required: true, critical: true }] }] };
    const draft = ok(await api('PUT', `/api/v1/safety/templates/${template.id}`, { token: manager.token, body: v2content }));
    expect(draft).toMatchObject({ latestVersion: 2, publishedVersion: 1, status: 'published' });
    ok(await api('POST', `/api/v1/safety/templates/${template.id}/publish`, { token: manager.token }));
    const onV2 = await startInspection(api, employee.token, template.id);
    const reread = ok(await api('GET', `/api/v1/safety/inspections/${onV1.id}`, { token: employee.token }));
    expect([reread.templateVersion, reread.templateName, reread.items.map((i) => i.id)]).toEqual([1, 'Ladder check', ['brakes', 'tyres', 'kit', 'photo']]);
    expect([onV2.templateVersion, onV2.templateName, onV2.items.map((i) => i.id)]).toEqual([2, 'Ladder check v2', ['rungs']]);
  });
});
