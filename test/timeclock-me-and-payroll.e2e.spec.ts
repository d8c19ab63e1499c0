import type { Role, UserView } from '@uehub/contracts';
import { DateTime } from 'luxon';
import { apiClient, login, type Api } from './support/http-client';
import { expectProblem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';
import { punchOk } from './support/timeclock';

describe('timeclock: me, and the payroll export through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_tc_payroll');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'tcp');
  });
  afterAll(() => system.stop());

  it("should show the caller's open shift and break, and today's and this week's totals so far", async () => {
    const w = people.worker;
    const idle = await api('GET', '/api/v1/timeclock/me', { token: w.token });
    expect(idle.body).toMatchObject({ openShift: null, openBreak: null, today: { workedMinutes: 0 }, week: { exact: { workedMinutes: 0 } }, timeZone: 'UTC' });
    const startedAt = new Date(Date.now() - 30 * 60_000);
    const shift = await punchOk(api, w.token, 'clock-in', { occurredAt: startedAt.toISOString() });
    const onBreak = await punchOk(api, w.token, 'breaks/start', { occurredAt: new Date(Date.now() - 10 * 60_000).toISOString() });
    const me = (await api('GET', '/api/v1/timeclock/me', { token: w.token })).body;
    expect(me.openShift?.id).toBe(shift.id);
    expect(me.openBreak?.id).toBe(onBreak.breaks[0].id);
    // 30 minutes on the clock, the last 10 on an unpaid break: about 20 worked (started today in UTC, unless just after midnight)
    if (startedAt.toISOString().slice(0, 10) === me.today.date) expect(me.today.workedMinutes).toBeCloseTo(20, 0);
    expect(me.week.exact.workedMinutes).toBeCloseTo(20, 0);
    await punchOk(api, w.token, 'clock-out');
    expect((await api('GET', '/api/v1/timeclock/me', { token: people.auditor.token })).status).toBe(200);
  });

  it('should export approved weeks as CSV (and JSON on request), listing unapproved ones as missing', async () => {
    const monday = DateTime.now().toUTC().startOf('week').minus({ weeks: 1 });
    const week = monday.toISODate()!;
    const at = (day: number, hour: number) => monday.plus({ days: day, hours: hour }).toISO()!;
    const created = await api('POST', '/api/v1/users', { token: superToken, body: { email: 'pay.worker@example.com', password: PASSWORD, name: '=Pay Worker', role: 'worker' } });
    const paid = { user: created.body, token: await login(api, 'pay.worker@example.com', PASSWORD) };
    const reason = 'paper timesheet';
    for (const day of [0, 1, 2, 3, 4]) {
      await punchOk(api, people.manager.token, 'clock-in', { userId: paid.user.id, occurredAt: at(day, 8), reason });
      await punchOk(api, people.manager.token, 'clock-out', { userId: paid.user.id, occurredAt: at(day, 17), reason });
    }
    expect((await api('POST', `/api/v1/timeclock/timesheets/${paid.user.id}/${week}/submit`, { token: paid.token })).status).toBe(200);
    expect((await api('POST', `/api/v1/timeclock/timesheets/${paid.user.id}/${week}/approve`, { token: people.manager.token })).status).toBe(200);
    expect((await api('POST', `/api/v1/timeclock/timesheets/${people.employee.user.id}/${week}/submit`, { token: people.employee.token })).status).toBe(200);

    const json = await api('GET', `/api/v1/timeclock/exports/payroll?week=${week}`, { token: people.manager.token, headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    const byUser = Object.fromEntries(json.body.items.map((r) => [r.userId, r]));
    expect(byUser[paid.user.id]).toEqual({
      userId: paid.user.id,
      name: '=Pay Worker',
      email: 'pay.worker@example.com',
      week,
      status: 'approved',
      timesheetStatus: 'approved',
      regularMinutes: 2400,
      overtimeMinutes: 300,
      regularHours: 40,
      overtimeHours: 5,
      regularHoursRounded: 40,
      overtimeHoursRounded: 5,
    });
    expect(byUser[people.employee.user.id]).toMatchObject({ status: 'missing', timesheetStatus: 'submitted', regularHours: null });
    expect(byUser[people.worker.user.id]).toMatchObject({ status: 'missing', timesheetStatus: 'open' });
    expect(byUser[people.auditor.user.id]).toBeUndefined();

    const csv = await fetch(`${system.baseUrl}/api/v1/timeclock/exports/payroll?week=${week}`, { headers: { authorization: `Bearer ${people.auditor.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="payroll-${week}.csv"`);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('userId,name,email,week,status,timesheetStatus,regularMinutes,overtimeMinutes,regularHours,overtimeHours,regularHoursRounded,overtimeHoursRounded');
    expect(lines).toContain(`${paid.user.id},'=Pay Worker,pay.worker@example.com,${week},approved,approved,2400,300,40,5,40,5`);
    expect(lines).toHaveLength(json.body.items.length + 1);

    expectProblem(await api('GET', `/api/v1/timeclock/exports/payroll?week=${week}`, { token: people.worker.token }), 403, 'FORBIDDEN');
    expectProblem(await api('GET', '/api/v1/timeclock/exports/payroll', { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `/api/v1/timeclock/exports/payroll?week=${monday.plus({ days: 2 }).toISODate()}`, { token: people.manager.token }), 422, 'RULE_VIOLATED');
  });

  it('should report worked hours per user and per department over local days (managers and up, auditors)', async () => {
    const day = DateTime.now().toUTC().startOf('day').minus({ days: 40 }); // no other test of this file punched then
    const mk = async (email: string, department: string) => {
      const r = await api('POST', '/api/v1/users', { token: superToken, body: { email, password: PASSWORD, name: email.split('@')[0], role: 'worker', department } });
      return r.body;
    };
    const a = await mk('hours.a@example.com', 'Field');
    const b = await mk('hours.b@example.com', 'Field');
    const c = await mk('hours.c@example.com', 'Depot');
    const reason = 'paper timesheet';
    const shift = async (user: UserView, fromH: number, toH: number) => {
      await punchOk(api, people.manager.token, 'clock-in', { userId: user.id, occurredAt: day.plus({ hours: fromH }).toISO(), reason });
      await punchOk(api, people.manager.token, 'clock-out', { userId: user.id, occurredAt: day.plus({ hours: toH }).toISO(), reason });
    };
    await shift(a, 8, 16);
    await shift(b, 8, 12);
    await shift(c, 6, 7);
    const q = `from=${day.toISODate()}&to=${day.toISODate()}`;
    const byDept = await api('GET', `/api/v1/timeclock/reports/hours?${q}&groupBy=department`, { token: people.auditor.token });
    expect(byDept.status).toBe(200);
    expect(byDept.body.items).toEqual([
      { key: 'Depot', name: 'Depot', shifts: 1, workedMinutes: 60, paidBreakMinutes: 0, unpaidBreakMinutes: 0 },
      { key: 'Field', name: 'Field', shifts: 2, workedMinutes: 720, paidBreakMinutes: 0, unpaidBreakMinutes: 0 },
    ]);
    const byUser = await api('GET', `/api/v1/timeclock/reports/hours?${q}&groupBy=user`, { token: people.manager.token });
    expect(byUser.body.items.map((r) => [r.key, r.workedMinutes])).toEqual([
      [a.id, 480],
      [b.id, 240],
      [c.id, 60],
    ]);
    expectProblem(await api('GET', `/api/v1/timeclock/reports/hours?${q}`, { token: people.worker.token }), 403, 'FORBIDDEN');
    expectProblem(await api('GET', `/api/v1/timeclock/reports/hours?from=2026-01-01&to=2026-12-31`, { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `/api/v1/timeclock/reports/hours?from=2026-02-01&to=2026-01-01`, { token: people.manager.token }), 400, 'VALIDATION_FAILED');
  });
});
