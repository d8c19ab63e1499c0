import type { Role, TemplateView } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { apiClient, login, type Api, type RequestBody } from './support/http-client';
import { expectProblem } from './support/inventory';
import { createOnePerRole, createPerson, type Person } from './support/people';
import { answer, dailyFrom, dueOf, ok, publishedTemplate, startInspection, VEHICLE_CHECK } from './support/safety';
import { startSystem, type RunningSystem } from './support/system';

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';
const HOUR = 3_600_000;

describe('safety schedules through the gateway: routes, roles, error codes, due/done/missed', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;
  let template: TemplateView;

  beforeAll(async () => {
    system = await startSystem('e2e_safety_schedules');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'sch');
    template = await publishedTemplate(api, people.manager.token, VEHICLE_CHECK);
  });
  afterAll(() => system.stop());

  const create = (token: string, body: RequestBody<'POST', '/api/v1/safety/schedules'>, headers: Record<string, string> = {}) => api('POST', '/api/v1/safety/schedules', { token, body, headers });

  it('should let managers and up schedule a template, keep the rule normalised and the start as wall clock in its zone, and replay a repeat', async () => {
    const body = { templateId: template.id, site: 'Yard', assigneeId: people.worker.user.id, rrule: 'rrule:freq=weekly;byday=mo;byhour=7', startsAt: '2026-11-30T06:00:00Z', timeZone: 'Europe/Berlin' };
    for (const role of ['employee', 'worker', 'auditor'] as const) expectProblem(await create(people[role].token, body), 403, 'FORBIDDEN');
    const key = { 'idempotency-key': `schedule-${Date.now()}` };
    const created = await create(people.manager.token, body, key);
    expect([created.status, created.headers.get('location'), created.headers.get('etag')]).toEqual([201, `/api/v1/safety/schedules/${created.body.id}`, '"1"']);
    expect(created.body).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7', startsAt: '2026-11-30T07:00:00', timeZone: 'Europe/Berlin', windowMinutes: null, templateId: template.id });
    const repeated = await create(people.manager.token, body, key);
    expect([repeated.body.id, repeated.headers.get('idempotent-replayed')]).toEqual([created.body.id, 'true']);
    expect(ok(await create(people.admin.token, { ...body, site: 'Admin yard' }), 201).site).toBe('Admin yard');
  });

  it('should refuse a bad rule with 422 INVALID_RECURRENCE (never a 500), and bad fields, users and templates with their codes', async () => {
    const base = dailyFrom(template.id, people.employee.user.id, 1);
    for (const rrule of ['FREQ=DAILY;INTERVAL=x', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'BOGUS', 'FREQ=SECONDLY', 'FREQ=DAILY;UNTIL=20000101']) {
      const refused = await create(people.manager.token, { ...base, rrule });
      expectProblem(refused, 422, 'INVALID_RECURRENCE');
      expect(refused.body).toMatchObject({ errors: [{ path: 'rrule' }] });
    }
    expectProblem(await create(people.manager.token, { ...base, timeZone: 'Mars/Olympus' }), 400, 'VALIDATION_FAILED');
    expectProblem(await create(people.manager.token, { ...base, startsAt: 'tomorrow' }), 400, 'VALIDATION_FAILED');
    expectProblem(await create(people.manager.token, { ...base, startsAt: '2026-02-30T08:00' }), 400, 'VALIDATION_FAILED');
    expectProblem(await create(people.manager.token, dailyFrom(template.id, people.employee.user.id, 32 * 24)), 422, 'RULE_VIOLATED');
    expectProblem(await create(people.manager.token, { ...base, assigneeId: UNKNOWN_ID }), 422, 'UNKNOWN_USER');
    const leaver = await createPerson(api, superToken, 'sch-leaver');
    ok(await api('POST', `/api/v1/users/${leaver.user.id}/deactivate`, { token: superToken }));
    // the replica learns of the deactivation from auth's event
    await eventually(async () => ((await create(people.manager.token, { ...base, assigneeId: leaver.user.id })).status === 422 ? true : undefined), 15_000, 'USER_INACTIVE');
    expectProblem(await create(people.manager.token, { ...base, assigneeId: leaver.user.id }), 422, 'USER_INACTIVE');
    const draft = ok(await api('POST', '/api/v1/safety/templates', { token: people.manager.token, body: VEHICLE_CHECK }), 201);
    expectProblem(await create(people.manager.token, { ...base, templateId: draft.id }), 422, 'RULE_VIOLATED');
    expectProblem(await create(people.manager.token, { ...base, templateId: UNKNOWN_ID }), 404, 'NOT_FOUND');
  });

  it('should show workers only the schedules assigned to them, everyone else all of them', async () => {
    const mine = ok(await create(people.manager.token, dailyFrom(template.id, people.worker.user.id, 1, 'Worker site')), 201);
    const others = ok(await create(people.manager.token, dailyFrom(template.id, people.employee.user.id, 1, 'Employee site')), 201);
    const listed = ok(await api('GET', '/api/v1/safety/schedules?limit=100', { token: people.worker.token }));
    expect(listed.items.every((s) => s.assigneeId === people.worker.user.id)).toBe(true);
    expect(listed.items.map((s) => s.id)).toContain(mine.id);
    expectProblem(await api('GET', `/api/v1/safety/schedules/${others.id}`, { token: people.worker.token }), 404, 'NOT_FOUND');
    expect(ok(await api('GET', `/api/v1/safety/schedules/${others.id}`, { token: people.auditor.token })).id).toBe(others.id);
    const due = await dueOf(api, people.worker.token, Date.now() - HOUR, Date.now() + HOUR);
    expect(due.map((o) => o.scheduleId)).toContain(mine.id);
    expect(due.map((o) => o.scheduleId)).not.toContain(others.id);
    const bySite = ok(await api('GET', '/api/v1/safety/schedules?site=Employee%20site', { token: people.employee.token }));
    expect(bySite.items.map((s) => s.id)).toEqual([others.id]);
  });

  it('should change a schedule with If-Match (managers only) and delete it for good', async () => {
    const schedule = ok(await create(people.manager.token, dailyFrom(template.id, people.employee.user.id, 1, 'Changing site')), 201);
    const path = `/api/v1/safety/schedules/${schedule.id}` as const;
    expectProblem(await api('PATCH', path, { token: people.employee.token, body: { windowMinutes: 60 } }), 403, 'FORBIDDEN');
    expectProblem(await api('PATCH', path, { token: people.manager.token, body: { windowMinutes: 60 }, headers: { 'if-match': '"7"' } }), 412, 'VERSION_MISMATCH');
    expectProblem(await api('PATCH', path, { token: people.manager.token, body: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' } }), 422, 'INVALID_RECURRENCE');
    expectProblem(await api('PATCH', path, { token: people.manager.token, body: {} }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.untyped('PATCH', path, { token: people.manager.token, body: { templateId: template.id } }), 400, 'VALIDATION_FAILED');
    const changed = ok(await api('PATCH', path, { token: people.manager.token, body: { windowMinutes: 60, assigneeId: people.worker.user.id }, headers: { 'if-match': '"1"' } }));
    expect(changed).toMatchObject({ version: 2, windowMinutes: 60, assigneeId: people.worker.user.id });
    expectProblem(await api('DELETE', path, { token: people.employee.token }), 403, 'FORBIDDEN');
    expect((await api('DELETE', path, { token: people.manager.token, headers: { 'if-match': '"2"' } })).status).toBe(204);
    expectProblem(await api('GET', path, { token: people.manager.token }), 404, 'NOT_FOUND');
    expectProblem(await api('DELETE', path, { token: people.manager.token }), 404, 'NOT_FOUND');
    expectProblem(await api('PATCH', path, { token: people.manager.token, body: { windowMinutes: 5 } }), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/api/v1/safety/schedules/${UNKNOWN_ID}`, { token: people.manager.token }), 404, 'NOT_FOUND');
    expectProblem(await api('GET', '/api/v1/safety/schedules/nope', { token: people.manager.token }), 400, 'VALIDATION_FAILED');
  });

  it('should list an occurrence as missed after its end, due before, and done once an inspection of the template at the site is completed in it', async () => {
    const schedule = ok(await create(people.manager.token, dailyFrom(template.id, people.employee.user.id, 25, 'Due site')), 201);
    const listing = () => dueOf(api, people.manager.token, Date.now() - 30 * HOUR, Date.now() + 2 * HOUR, `&scheduleId=${schedule.id}`);
    expect((await listing()).map((o) => o.status)).toEqual(['missed', 'due']);
    // an inspection elsewhere does not count
    const elsewhere = await startInspection(api, people.employee.token, template.id, 'Another site');
    await complete(elsewhere.id);
    expect((await listing()).map((o) => o.status)).toEqual(['missed', 'due']);
    const inspection = await startInspection(api, people.employee.token, template.id, 'Due site');
    await complete(inspection.id);
    const [missed, done] = await listing();
    expect(missed).toMatchObject({ status: 'missed', inspectionId: null, scheduleId: schedule.id, site: 'Due site', assigneeId: people.employee.user.id });
    expect(done).toMatchObject({ status: 'done', inspectionId: inspection.id });
    expect(Date.parse(done.endsAt) - Date.parse(done.startsAt)).toBe(24 * HOUR);
  });

  it('should let the assignee (a worker) start the scheduled inspection, whose completion makes the occurrence done', async () => {
    const schedule = ok(await create(people.manager.token, dailyFrom(template.id, people.worker.user.id, 1, 'Worker rounds')), 201);
    const start = (token: string) => api('POST', `/api/v1/safety/schedules/${schedule.id}/start`, { token });
    expectProblem(await start(people.employee.token), 403, 'FORBIDDEN');
    expectProblem(await start(people.auditor.token), 403, 'FORBIDDEN');
    const otherWorker = await createPerson(api, superToken, 'sch-other');
    expectProblem(await start(otherWorker.token), 404, 'NOT_FOUND');
    const started = await start(people.worker.token);
    expect([started.status, started.headers.get('location')]).toEqual([201, `/api/v1/safety/inspections/${started.body.id}`]);
    expect(started.body).toMatchObject({ templateId: template.id, site: 'Worker rounds', inspectorId: people.worker.user.id, status: 'in_progress' });
    ok(await answer(api, people.worker.token, started.body.id, 'brakes', 'pass'));
    ok(await answer(api, people.worker.token, started.body.id, 'tyres', 2.5));
    ok(await api('POST', `/api/v1/safety/inspections/${started.body.id}/complete`, { token: people.worker.token }));
    const [today] = await dueOf(api, people.worker.token, Date.now() - 60_000, Date.now(), `&scheduleId=${schedule.id}`);
    expect(today).toMatchObject({ status: 'done', inspectionId: started.body.id });
    expectProblem(await api('POST', `/api/v1/safety/schedules/${UNKNOWN_ID}/start`, { token: people.manager.token }), 404, 'NOT_FOUND');
  });

  it('should bound the window: from before to, at most 92 days, and not more occurrences than one answer holds', async () => {
    const now = Date.now();
    expectProblem(await api('GET', `/api/v1/safety/schedules/due?from=${iso(now)}&to=${iso(now - HOUR)}`, { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `/api/v1/safety/schedules/due?from=${iso(now)}&to=${iso(now + 93 * 24 * HOUR)}`, { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `/api/v1/safety/schedules/due?from=yesterday&to=${iso(now)}`, { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    const minutely = ok(await create(people.manager.token, { ...dailyFrom(template.id, people.employee.user.id, 1, 'Busy site'), rrule: 'FREQ=MINUTELY' }), 201);
    const tooMany = await api('GET', `/api/v1/safety/schedules/due?from=${iso(now)}&to=${iso(now + 3 * 24 * HOUR)}&scheduleId=${minutely.id}`, { token: people.manager.token });
    expectProblem(tooMany, 422, 'RESULT_TOO_LARGE');
    // the one under way at `from`, and the ten that start in the window
    expect((await dueOf(api, people.manager.token, now, now + 10 * 60_000, `&scheduleId=${minutely.id}`)).length).toBe(11);
  });

  async function complete(inspectionId: string): Promise<void> {
    ok(await answer(api, people.employee.token, inspectionId, 'brakes', 'pass'));
    ok(await answer(api, people.employee.token, inspectionId, 'tyres', 2.5));
    ok(await api('POST', `/api/v1/safety/inspections/${inspectionId}/complete`, { token: people.employee.token }));
  }
});

const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
