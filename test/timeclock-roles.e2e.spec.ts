// Every timeclock route × every role → the status it must answer, as one table: a route or a role
// rule that changes (or a route added without a row: see the last test) fails here. Each call
// makes what it needs (a shift, a request, a submitted week) so rows do not depend on each other.
import { ADMIN_ROLES, MANAGER_ROLES, PUNCH_ROLES, ROLES, type Role, type ShiftView } from '@uehub/contracts';
import { randomUUID } from 'node:crypto';
import { buildOpenApiDocument } from '../apps/gateway/src/openapi/openapi-document';
import type { ApiResponse } from './support/http-client';
import { createPerson, type Person } from './support/people';
import { hoursAgo, punch, punchOk, type Punch } from './support/timeclock';
import { startTimeclockSystem, type TimeclockSystem } from './support/timeclock-system';

type Caller = Role | 'anonymous';
type Statuses = Record<Caller, number>;
interface Row {
  /** The OpenAPI route, then the rule this row checks. */
  route: string;
  rule: string;
  expected: Statuses;
  call: (caller: Person) => Promise<ApiResponse<unknown>>;
}

/** `ok` for the roles allowed, 403 for every other role, 401 without a token. */
function allow(roles: readonly Role[], ok: number): Statuses {
  const statuses = { anonymous: 401 } as Statuses;
  for (const role of ROLES) statuses[role] = roles.includes(role) ? ok : 403;
  return statuses;
}
const READERS = [...MANAGER_ROLES, 'auditor'] as const;
const NOBODY: readonly Role[] = [];
const SETTINGS = { timeZone: 'UTC', weekStartsOn: 1, dailyOvertimeMinutes: null, weeklyOvertimeMinutes: 2400, rounding: 0 };

describe('timeclock: every route and role rule through the gateway', () => {
  let s: TimeclockSystem;
  /** The worker whose records the others act on. */
  let w: Person;
  let wShift: ShiftView;
  /** A closed shift of each role's own (auditors have none and punch nothing). */
  const own = {} as Record<Role, ShiftView | undefined>;
  let counter = 0;
  const next = () => ++counter;
  /** A Monday (UTC, the default settings) no other call has used. */
  const freshWeek = () => new Date(Date.UTC(2025, 0, 6) - next() * 7 * 86_400_000).toISOString().slice(0, 10);
  const call = (p: Person, method: string, path: string, body?: unknown) => s.api.untyped(method, `/api/v1/timeclock${path}`, { token: p.token, body });
  const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
  const ownShift = (p: Person) => own[p.user.role] ?? wShift;

  /** The caller's own punches leading up to `what`, then `what`; the caller's shift is closed again afterwards. */
  async function ownPunch(p: Person, what: Punch): Promise<ApiResponse<unknown>> {
    const before: Record<Punch, Punch[]> = { 'clock-in': [], 'breaks/start': ['clock-in'], 'breaks/end': ['clock-in', 'breaks/start'], 'clock-out': ['clock-in'] };
    const steps = before[what];
    for (const step of steps) await punch(s.api, p.token, step);
    const response = await punch(s.api, p.token, what);
    if (what !== 'clock-out') await punch(s.api, p.token, 'clock-out');
    return response;
  }
  const ask = (p: Person, shift: ShiftView) =>
    s.api('POST', `/api/v1/timeclock/shifts/${shift.id}/correction-requests`, { token: p.token, body: { startedAt: minutesAfter(shift.startedAt, -next()), reason: 'forgot to punch' } });
  const sheet = (userId: string, week: string, what = '') => `/timesheets/${userId}/${week}${what}`;
  /** A week of `w`'s, submitted by a manager (and approved by another manager when asked). */
  async function submittedWeek(approved = false): Promise<string> {
    const week = freshWeek();
    await call(s.people.manager, 'POST', sheet(w.user.id, week, '/submit'));
    if (approved) await call(s.people.admin, 'POST', sheet(w.user.id, week, '/approve'));
    return week;
  }

  const rows: Row[] = [
    ...(['clock-in', 'breaks/start', 'breaks/end', 'clock-out'] as const).map((what) => ({
      route: `POST /api/v1/timeclock/${what}`,
      rule: 'for themself',
      expected: allow(PUNCH_ROLES, what === 'clock-in' ? 201 : 200),
      call: (p: Person) => ownPunch(p, what),
    })),
    {
      route: 'POST /api/v1/timeclock/clock-in',
      rule: 'for someone else, with a reason',
      expected: allow(MANAGER_ROLES, 201),
      call: async (p) => {
        const response = await punch(s.api, p.token, 'clock-in', { userId: w.user.id, reason: 'covering the gate' });
        await punch(s.api, s.people.manager.token, 'clock-out', { userId: w.user.id, reason: 'covering the gate' });
        return response;
      },
    },
    { route: 'GET /api/v1/timeclock/shifts', rule: 'their own', expected: allow(ROLES, 200), call: (p) => call(p, 'GET', '/shifts') },
    { route: 'GET /api/v1/timeclock/shifts', rule: "someone else's (userId)", expected: allow(READERS, 200), call: (p) => call(p, 'GET', `/shifts?userId=${w.user.id}`) },
    { route: 'GET /api/v1/timeclock/shifts/{id}', rule: 'their own', expected: allow(ROLES, 200), call: (p) => call(p, 'GET', `/shifts/${ownShift(p).id}`) },
    { route: 'GET /api/v1/timeclock/shifts/{id}', rule: "someone else's", expected: allow(READERS, 200), call: (p) => call(p, 'GET', `/shifts/${wShift.id}`) },
    {
      route: 'PATCH /api/v1/timeclock/shifts/{id}',
      rule: "someone else's (a correction)",
      expected: allow(MANAGER_ROLES, 200),
      call: (p) => call(p, 'PATCH', `/shifts/${wShift.id}`, { endedAt: minutesAfter(wShift.startedAt, 10 + next()), reason: 'gate log' }),
    },
    {
      route: 'PATCH /api/v1/timeclock/shifts/{id}',
      rule: 'their own (a worker cannot edit their own times)',
      expected: allow(MANAGER_ROLES, 200),
      call: (p) => call(p, 'PATCH', `/shifts/${ownShift(p).id}`, { endedAt: minutesAfter(ownShift(p).startedAt, 10 + next()), reason: 'gate log' }),
    },
    {
      route: 'PATCH /api/v1/timeclock/shifts/{id}',
      rule: "granting someone else's request",
      expected: allow(MANAGER_ROLES, 200),
      call: async (p) => {
        const request = (await ask(w, wShift)).body;
        return call(p, 'PATCH', `/shifts/${wShift.id}`, { startedAt: request.requested.startedAt, reason: 'as asked', requestId: request.id });
      },
    },
    { route: 'POST /api/v1/timeclock/shifts/{id}/notes', rule: 'their own shift', expected: allow(PUNCH_ROLES, 201), call: (p) => call(p, 'POST', `/shifts/${ownShift(p).id}/notes`, { text: 'note' }) },
    { route: 'POST /api/v1/timeclock/shifts/{id}/notes', rule: "someone else's shift", expected: allow(MANAGER_ROLES, 201), call: (p) => call(p, 'POST', `/shifts/${wShift.id}/notes`, { text: 'note' }) },
    { route: 'POST /api/v1/timeclock/shifts/{id}/correction-requests', rule: 'their own shift', expected: allow(PUNCH_ROLES, 201), call: (p) => ask(p, ownShift(p)) },
    { route: 'POST /api/v1/timeclock/shifts/{id}/correction-requests', rule: "someone else's shift (managers correct instead)", expected: allow(NOBODY, 201), call: (p) => ask(p, wShift) },
    { route: 'GET /api/v1/timeclock/correction-requests', rule: 'their own', expected: allow(ROLES, 200), call: (p) => call(p, 'GET', '/correction-requests?status=pending') },
    { route: 'GET /api/v1/timeclock/correction-requests', rule: "someone else's (userId)", expected: allow(READERS, 200), call: (p) => call(p, 'GET', `/correction-requests?userId=${w.user.id}`) },
    {
      route: 'POST /api/v1/timeclock/correction-requests/{id}/decline',
      rule: "someone else's request",
      expected: allow(MANAGER_ROLES, 200),
      call: async (p) => call(p, 'POST', `/correction-requests/${(await ask(w, wShift)).body.id}/decline`, { reason: 'the gate log says otherwise' }),
    },
    {
      route: 'POST /api/v1/timeclock/correction-requests/{id}/decline',
      rule: 'their own request',
      expected: allow(NOBODY, 200),
      call: async (p) => call(p, 'POST', `/correction-requests/${(await ask(p, ownShift(p))).body.id ?? randomUUID()}/decline`, { reason: 'no' }),
    },
    { route: 'GET /api/v1/timeclock/on-the-clock', rule: 'everyone on the clock', expected: allow(READERS, 200), call: (p) => call(p, 'GET', '/on-the-clock') },
    { route: 'GET /api/v1/timeclock/settings', rule: 'read', expected: allow(ROLES, 200), call: (p) => call(p, 'GET', '/settings') },
    { route: 'PUT /api/v1/timeclock/settings', rule: 'change', expected: allow(ADMIN_ROLES, 200), call: (p) => call(p, 'PUT', '/settings', SETTINGS) },
    { route: 'GET /api/v1/timeclock/me', rule: 'their own clock', expected: allow(ROLES, 200), call: (p) => call(p, 'GET', '/me') },
    { route: 'GET /api/v1/timeclock/exports/payroll', rule: 'everyone', expected: allow(READERS, 200), call: (p) => s.api('GET', `/api/v1/timeclock/exports/payroll?week=${freshWeek()}`, { token: p.token, headers: { accept: 'application/json' } }) },
    { route: 'GET /api/v1/timeclock/reports/hours', rule: 'everyone', expected: allow(READERS, 200), call: (p) => call(p, 'GET', '/reports/hours?from=2026-11-01&to=2026-11-30') },
    { route: 'GET /api/v1/timeclock/timesheets/{userId}/{week}', rule: 'their own', expected: allow(ROLES, 200), call: (p) => call(p, 'GET', sheet(p.user.id, freshWeek())) },
    { route: 'GET /api/v1/timeclock/timesheets/{userId}/{week}', rule: "someone else's", expected: allow(READERS, 200), call: (p) => call(p, 'GET', sheet(w.user.id, freshWeek())) },
    { route: 'POST /api/v1/timeclock/timesheets/{userId}/{week}/submit', rule: 'their own week', expected: allow(PUNCH_ROLES, 200), call: (p) => call(p, 'POST', sheet(p.user.id, freshWeek(), '/submit')) },
    { route: 'POST /api/v1/timeclock/timesheets/{userId}/{week}/submit', rule: "someone else's week", expected: allow(MANAGER_ROLES, 200), call: (p) => call(p, 'POST', sheet(w.user.id, freshWeek(), '/submit')) },
    {
      route: 'POST /api/v1/timeclock/timesheets/{userId}/{week}/approve',
      rule: "someone else's week",
      expected: allow(MANAGER_ROLES, 200),
      call: async (p) => call(p, 'POST', sheet(w.user.id, await submittedWeek(), '/approve')),
    },
    {
      route: 'POST /api/v1/timeclock/timesheets/{userId}/{week}/approve',
      rule: 'their own week',
      expected: allow(NOBODY, 200),
      call: async (p) => {
        const week = freshWeek();
        await call(p, 'POST', sheet(p.user.id, week, '/submit'));
        return call(p, 'POST', sheet(p.user.id, week, '/approve'));
      },
    },
    {
      route: 'POST /api/v1/timeclock/timesheets/{userId}/{week}/reject',
      rule: "someone else's week",
      expected: allow(MANAGER_ROLES, 200),
      call: async (p) => call(p, 'POST', sheet(w.user.id, await submittedWeek(), '/reject'), { reason: 'missing Friday' }),
    },
    {
      route: 'POST /api/v1/timeclock/timesheets/{userId}/{week}/reopen',
      rule: 'an approved week',
      expected: allow(ADMIN_ROLES, 200),
      call: async (p) => call(p, 'POST', sheet(w.user.id, await submittedWeek(true), '/reopen'), { reason: 'late correction' }),
    },
  ];

  beforeAll(async () => {
    s = await startTimeclockSystem('e2e_tc_roles', 'tcm');
    w = await createPerson(s.api, s.superToken, 'tcm');
    await punchOk(s.api, w.token, 'clock-in', { occurredAt: hoursAgo(50) });
    wShift = await punchOk(s.api, w.token, 'clock-out', { occurredAt: hoursAgo(48) });
    for (const role of PUNCH_ROLES) {
      await punchOk(s.api, s.people[role].token, 'clock-in', { occurredAt: hoursAgo(50) });
      own[role] = await punchOk(s.api, s.people[role].token, 'clock-out', { occurredAt: hoursAgo(48) });
    }
  });
  afterAll(() => s.system.stop());

  it.each(rows.map((row) => [`${row.route} (${row.rule})`, row] as const))('%s', async (_name, row) => {
    const got = {} as Statuses;
    for (const role of ROLES) got[role] = (await row.call(s.people[role])).status;
    got.anonymous = (await row.call({ user: { ...w.user, id: randomUUID() }, token: '' })).status;
    expect(got).toEqual(row.expected);
  });

  it('should have a row for every timeclock route of the OpenAPI document', () => {
    const documented = Object.entries(buildOpenApiDocument().paths)
      .filter(([path]) => path.startsWith('/api/v1/timeclock/'))
      .flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`));
    expect([...new Set(rows.map((r) => r.route))].sort()).toEqual(documented.sort());
  });
});
