import type { Role } from '@uehub/contracts';
import { DateTime } from 'luxon';
import { timesheetId } from '../apps/timeclock/src/timesheets/timesheet.decide';
import { apiClient, login, type Api } from './support/http-client';
import { auditEventually, expectProblem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';
import { punch, punchOk } from './support/timeclock';

const BERLIN = { timeZone: 'Europe/Berlin', weekStartsOn: 1, dailyOvertimeMinutes: 480, weeklyOvertimeMinutes: 2400, rounding: 15 as const };

describe('timeclock settings and timesheets through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;
  let worker: Person;
  // last week's Monday in Berlin, and local times in it
  const monday = DateTime.now().setZone('Europe/Berlin').startOf('week').minus({ weeks: 1 });
  const week = monday.toISODate()!;
  const at = (day: number, time: string) => monday.plus({ days: day }).set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) }).toUTC().toISO()!;
  const sheetUrl = <S extends string>(suffix: S) => `/api/v1/timeclock/timesheets/${worker.user.id}/${week}${suffix}` as const;
  const sheet = (p: Person, query: `?${string}` | '' = '') => api('GET', sheetUrl(query), { token: p.token });
  const decide = (p: Person, what: 'submit' | 'approve' | 'reject' | 'reopen', body?: { reason: string }) => api('POST', sheetUrl(`/${what}`), { token: p.token, body });
  /** A manager enters a past shift for the worker (outside the offline window: a reason is required). */
  const enter = async (day: number, from: string, to: string) => {
    const reason = 'entered from the paper timesheet';
    const shift = await punchOk(api, people.manager.token, 'clock-in', { userId: worker.user.id, occurredAt: at(day, from), reason });
    await punchOk(api, people.manager.token, 'clock-out', { userId: worker.user.id, occurredAt: at(day, to), reason });
    return shift;
  };

  beforeAll(async () => {
    system = await startSystem('e2e_tc_sheet');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'tcs');
    const created = await api('POST', '/api/v1/users', { token: superToken, body: { email: 'sheet.worker@example.com', password: PASSWORD, name: 'Sheet Worker', role: 'worker' } });
    worker = { user: created.body, token: await login(api, 'sheet.worker@example.com', PASSWORD) };
  });
  afterAll(() => system.stop());

  it('should let admins change the organisation settings (If-Match, audited) and everyone read them', async () => {
    const defaults = await api('GET', '/api/v1/timeclock/settings', { token: worker.token });
    expect(defaults.body).toEqual({ timeZone: 'UTC', weekStartsOn: 1, dailyOvertimeMinutes: null, weeklyOvertimeMinutes: 2400, rounding: 0, version: 0, updatedAt: null });
    expectProblem(await api('PUT', '/api/v1/timeclock/settings', { token: people.manager.token, body: BERLIN }), 403, 'FORBIDDEN');
    expectProblem(await api('PUT', '/api/v1/timeclock/settings', { token: people.admin.token, body: { ...BERLIN, timeZone: 'Mars/Olympus' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.untyped('PUT', '/api/v1/timeclock/settings', { token: people.admin.token, body: { ...BERLIN, rounding: 10 } }), 400, 'VALIDATION_FAILED');
    const changed = await api('PUT', '/api/v1/timeclock/settings', { token: people.admin.token, body: BERLIN });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"1"');
    expect(changed.body).toMatchObject({ ...BERLIN, version: 1 });
    expectProblem(await api('PUT', '/api/v1/timeclock/settings', { token: people.admin.token, body: BERLIN, headers: { 'if-match': '"7"' } }), 412, 'VERSION_MISMATCH');
    const [audited] = await auditEventually(api, superToken, 'timeclock.settings.changed', '00000000-0000-7000-8000-00000000c10c');
    expect(audited.changes).toEqual({ timeZone: { from: 'UTC', to: 'Europe/Berlin' }, dailyOvertimeMinutes: { from: null, to: 480 }, rounding: { from: 0, to: 15 } });
  });

  it('should total a week in the organisation time zone, exact minutes with rounded ones beside them', async () => {
    await enter(0, '08:00', '17:00'); // 540: 60 of daily overtime
    await enter(1, '08:00', '12:07'); // 247, rounded to the nearest 15: 240
    const own = await sheet(worker);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      userId: worker.user.id,
      week,
      status: 'open',
      timeZone: 'Europe/Berlin',
      exact: { workedMinutes: 787, paidBreakMinutes: 0, unpaidBreakMinutes: 0, regularMinutes: 727, overtimeMinutes: 60 },
      rounded: { workedMinutes: 780, regularMinutes: 720, overtimeMinutes: 60 },
      rounding: 15,
      openShifts: 0,
      version: 0,
    });
    expect(own.body.days.map((d) => [d.date, d.workedMinutes, d.dailyOvertimeMinutes])).toEqual([
      [week, 540, 60],
      [monday.plus({ days: 1 }).toISODate(), 247, 0],
    ]);
    expectProblem(await sheet(people.employee), 403, 'FORBIDDEN');
    for (const role of ['manager', 'auditor', 'admin'] as const) expect((await sheet(people[role])).status).toBe(200);
    const tuesday = monday.plus({ days: 1 }).toISODate();
    expectProblem(await api('GET', `/api/v1/timeclock/timesheets/${worker.user.id}/${tuesday}`, { token: worker.token }), 422, 'RULE_VIOLATED');
    expectProblem(await api('GET', `/api/v1/timeclock/timesheets/${worker.user.id}/2026-02-30`, { token: worker.token }), 400, 'VALIDATION_FAILED');
  });

  it('should submit, reject with a reason, approve, lock every change (422 PERIOD_LOCKED), and accept changes again after an admin reopens', async () => {
    const monShift = (await api('GET', `/api/v1/timeclock/shifts?userId=${worker.user.id}&from=${at(0, '00:00')}&to=${at(1, '00:00')}`, { token: people.manager.token })).body.items[0];
    expectProblem(await decide(people.manager, 'approve'), 422, 'RULE_VIOLATED'); // not submitted yet
    expectProblem(await decide(people.employee, 'submit'), 403, 'FORBIDDEN');
    const submitted = await decide(worker, 'submit');
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 1 });
    expectProblem(await decide(worker, 'submit'), 422, 'RULE_VIOLATED');
    expectProblem(await decide(worker, 'approve'), 403, 'FORBIDDEN');
    expectProblem(await api.untyped('POST', sheetUrl('/reject'), { token: people.manager.token, body: {} }), 400, 'VALIDATION_FAILED');
    expect((await decide(people.manager, 'reject', { reason: 'Tuesday looks short' })).body).toMatchObject({ status: 'rejected', reason: 'Tuesday looks short' });
    await decide(worker, 'submit');
    const approved = await decide(people.manager, 'approve');
    expect(approved.body).toMatchObject({ status: 'approved', version: 4, exact: { workedMinutes: 787 } });
    const approvedAt = new Date().toISOString();

    const correction = { startedAt: at(0, '07:30'), reason: 'started early' };
    const patch = () => api('PATCH', `/api/v1/timeclock/shifts/${monShift.id}`, { token: people.manager.token, body: correction });
    expectProblem(await patch(), 422, 'PERIOD_LOCKED');
    const reason = 'forgotten Wednesday';
    expectProblem(await punch(api, people.manager.token, 'clock-in', { userId: worker.user.id, occurredAt: at(2, '08:00'), reason }), 422, 'PERIOD_LOCKED');
    expectProblem(await decide(worker, 'submit'), 422, 'PERIOD_LOCKED');
    expectProblem(await decide(people.manager, 'approve'), 422, 'PERIOD_LOCKED');
    expectProblem(await decide(people.manager, 'reopen', { reason: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await api.untyped('POST', sheetUrl('/reopen'), { token: people.admin.token, body: {} }), 400, 'VALIDATION_FAILED');
    const reopened = await decide(people.admin, 'reopen', { reason: 'payroll found a missing half hour' });
    expect(reopened.body).toMatchObject({ status: 'open', reason: 'payroll found a missing half hour', version: 5 });
    expect((await patch()).status).toBe(200);

    const now = await sheet(worker);
    expect(now.body).toMatchObject({ status: 'open', exact: { workedMinutes: 817 } });
    const then = await sheet(worker, `?asOf=${encodeURIComponent(approvedAt)}`);
    expect(then.body).toMatchObject({ status: 'approved', version: 4, asOf: approvedAt, exact: approved.body.exact, rounded: approved.body.rounded });
    expect(then.body.shifts.map((s) => s.startedAt)).toEqual(approved.body.shifts.map((s) => s.startedAt));

    const id = timesheetId(worker.user.id, week);
    const [rejected] = await auditEventually(api, superToken, 'timeclock.timesheet.rejected', id);
    expect(rejected).toMatchObject({ actorId: people.manager.user.id, data: { reason: 'Tuesday looks short' } });
    const [audReopen] = await auditEventually(api, superToken, 'timeclock.timesheet.reopened', id);
    expect(audReopen).toMatchObject({ actorId: people.admin.user.id, data: { reason: 'payroll found a missing half hour' } });
    const [audApproved] = await auditEventually(api, superToken, 'timeclock.timesheet.approved', id);
    expect(audApproved).toMatchObject({ actorId: people.manager.user.id, data: { exact: approved.body.exact } });
    const [corrected] = await auditEventually(api, superToken, 'timeclock.shift.corrected', monShift.id);
    expect(corrected).toMatchObject({ data: { reason: 'started early' } });
  });
});
