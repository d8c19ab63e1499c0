import { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { randomUUID } from 'node:crypto';
import { apiClient, login, type Api } from './support/http-client';
import { auditEventually, expectProblem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';
import { hoursAgo, punch, punchOk } from './support/timeclock';

describe('timeclock punches through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;
  let seq = 0;

  /** A new worker, signed in. */
  async function newWorker(role: Role = 'worker'): Promise<Person> {
    seq += 1;
    const email = `tc.${role}.${seq}@example.com`;
    const created = await api('POST', '/api/v1/users', { token: superToken, body: { email, password: PASSWORD, name: `TC ${role} ${seq}`, role } });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    return { user: created.body, token: await login(api, email, PASSWORD) };
  }
  const shiftsInDb = async (userId: string) => {
    const orm = system.service('timeclock').get(MikroORM);
    const rows = await orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from timeclock.timeclock_shifts where user_id = ?', [userId]);
    return rows[0].n;
  };

  beforeAll(async () => {
    system = await startSystem('e2e_tc_punch');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'tc');
  });
  afterAll(() => system.stop());

  it('should run a day: clock-in, a break, clock-out, each refused when out of order', async () => {
    const w = await newWorker();
    const geo = { lat: 52.52, lon: 13.405, accuracyM: 8 };
    const started = await punch(api, w.token, 'clock-in', { location: 'Site 4', job: 'J-17', note: 'early', geo });
    expect(started.status).toBe(201);
    expect(started.headers.get('location')).toBe(`/api/v1/timeclock/shifts/${started.body.id}`);
    expect(started.headers.get('etag')).toBe('"1"');
    expect(started.body).toMatchObject({ userId: w.user.id, endedAt: null, breaks: [], location: 'Site 4', job: 'J-17', note: 'early', geo, flag: null, version: 1 });
    expectProblem(await punch(api, w.token, 'clock-in'), 409, 'SHIFT_ALREADY_OPEN');
    expectProblem(await punch(api, w.token, 'breaks/end'), 409, 'NO_OPEN_BREAK');
    const onBreak = await punchOk(api, w.token, 'breaks/start', { paid: true });
    expect(onBreak.breaks).toEqual([{ id: expect.any(String), startedAt: expect.any(String), endedAt: null, paid: true }]);
    expectProblem(await punch(api, w.token, 'breaks/start'), 409, 'BREAK_ALREADY_OPEN');
    const back = await punchOk(api, w.token, 'breaks/end');
    expect(back.breaks[0].endedAt).not.toBeNull();
    await punchOk(api, w.token, 'breaks/start');
    const done = await punchOk(api, w.token, 'clock-out');
    // clock-out ended the open (unpaid) break at the same time
    expect(done.breaks).toHaveLength(2);
    expect(done.breaks[1]).toMatchObject({ paid: false, endedAt: done.endedAt });
    expect(Date.parse(done.endedAt!)).toBeGreaterThan(Date.parse(done.startedAt));
    expectProblem(await punch(api, w.token, 'clock-out'), 409, 'NO_OPEN_SHIFT');
    expectProblem(await punch(api, w.token, 'breaks/start'), 409, 'NO_OPEN_SHIFT');

    // every event reached the audit log, in order (newest first there)
    const shiftEvents = await auditEventually(api, superToken, 'timeclock.shift', started.body.id, 2);
    expect(shiftEvents.map((e) => e.type)).toEqual(['timeclock.shift.ended', 'timeclock.shift.started']);
    const breakEvents = await auditEventually(api, superToken, 'timeclock.break', started.body.id, 4);
    expect(breakEvents.map((e) => e.type)).toEqual(['timeclock.break.ended', 'timeclock.break.started', 'timeclock.break.ended', 'timeclock.break.started']);
    expect(shiftEvents[1]).toMatchObject({ actorId: w.user.id, data: { userId: w.user.id, location: 'Site 4', geo } });
  });

  it('should let every role but auditors punch, and show shifts to their owner, managers and auditors only', async () => {
    for (const role of ['superadmin', 'admin', 'manager', 'employee', 'worker'] as const) {
      const shift = await punchOk(api, people[role].token, 'clock-in');
      await punchOk(api, people[role].token, 'clock-out');
      expect(shift.userId).toBe(people[role].user.id);
    }
    expectProblem(await punch(api, people.auditor.token, 'clock-in'), 403, 'FORBIDDEN');
    expectProblem(await punch(api, '', 'clock-in', {}, { authorization: 'Bearer nope' }), 401, 'UNAUTHENTICATED');
    const w = await newWorker();
    const shift = await punchOk(api, w.token, 'clock-in');
    const read = (p: Person) => api('GET', `/api/v1/timeclock/shifts/${shift.id}`, { token: p.token });
    expect((await read(w)).body).toEqual({ ...shift, history: [expect.objectContaining({ version: 1, type: 'timeclock.shift.started', actorId: w.user.id })], correctionRequests: [] });
    expect((await read(w)).headers.get('etag')).toBe('"1"');
    for (const role of ['manager', 'admin', 'superadmin', 'auditor'] as const) expect((await read(people[role])).status).toBe(200);
    expectProblem(await read(people.worker), 403, 'FORBIDDEN');
    expectProblem(await read(people.employee), 403, 'FORBIDDEN');
    expectProblem(await api('GET', `/api/v1/timeclock/shifts/${randomUUID()}`, { token: people.manager.token }), 404, 'NOT_FOUND');
    expectProblem(await api('GET', '/api/v1/timeclock/shifts/not-a-uuid', { token: people.manager.token }), 400, 'VALIDATION_FAILED');
    await punchOk(api, w.token, 'clock-out');
  });

  it('should take offline punches inside the window and refuse future or too old device times (422)', async () => {
    const w = await newWorker();
    const offline = await punch(api, w.token, 'clock-in', { occurredAt: hoursAgo(5), punchId: randomUUID() });
    expect(offline.status).toBe(201);
    expect(offline.body.startedAt).toBe(new Date(Date.parse(hoursAgo(5))).toISOString().slice(0, 14) + offline.body.startedAt.slice(14));
    await punchOk(api, w.token, 'clock-out', { occurredAt: hoursAgo(1) });
    expectProblem(await punch(api, w.token, 'clock-in', { occurredAt: hoursAgo(-0.5) }), 422, 'PUNCH_TIME_OUT_OF_RANGE');
    expectProblem(await punch(api, w.token, 'clock-in', { occurredAt: hoursAgo(73) }), 422, 'PUNCH_TIME_OUT_OF_RANGE');
    // inside the shift already worked: overlap
    expectProblem(await punch(api, w.token, 'clock-in', { occurredAt: hoursAgo(3) }), 409, 'SHIFT_OVERLAP');
    // a clock-out before the start
    await punchOk(api, w.token, 'clock-in', { occurredAt: hoursAgo(0.5) });
    expectProblem(await punch(api, w.token, 'clock-out', { occurredAt: hoursAgo(0.75) }), 422, 'RULE_VIOLATED');
    await punchOk(api, w.token, 'clock-out');
    // a manager enters an old punch for a worker, with a reason; a worker may not give one, nor punch for others
    const late = await newWorker();
    const entered = await punch(api, people.manager.token, 'clock-in', { userId: late.user.id, occurredAt: hoursAgo(100), reason: 'forgot to punch on Monday' });
    expect(entered.status).toBe(201);
    expect(entered.body.userId).toBe(late.user.id);
    await punchOk(api, people.manager.token, 'clock-out', { userId: late.user.id, occurredAt: hoursAgo(92), reason: 'forgot to punch on Monday' });
    expectProblem(await punch(api, w.token, 'clock-in', { occurredAt: hoursAgo(100), reason: 'please' }), 403, 'FORBIDDEN');
    expectProblem(await punch(api, w.token, 'clock-in', { userId: people.employee.user.id, reason: 'covering' }), 403, 'FORBIDDEN');
    expectProblem(await punch(api, people.manager.token, 'clock-in', { userId: w.user.id }), 400, 'VALIDATION_FAILED');
    expectProblem(await punch(api, w.token, 'clock-in', { occurredAt: 'yesterday' }), 400, 'VALIDATION_FAILED');
    expectProblem(await punch(api, w.token, 'clock-in', { geo: { lat: 91, lon: 0 } }), 400, 'VALIDATION_FAILED');
    expectProblem(await punch(api, w.token, 'clock-in', { note: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
    expectProblem(await punch(api, w.token, 'clock-in', { extra: 1 }), 400, 'VALIDATION_FAILED');
  });

  it('should refuse unknown and deactivated users (422), and close and flag the shift of a user deactivated on the clock', async () => {
    expectProblem(await punch(api, people.manager.token, 'clock-in', { userId: randomUUID(), reason: 'cover' }), 422, 'UNKNOWN_USER');
    const w = await newWorker();
    const shift = await punchOk(api, w.token, 'clock-in');
    await punchOk(api, w.token, 'breaks/start');
    const off = await api('POST', `/api/v1/users/${w.user.id}/deactivate`, { token: superToken });
    expect(off.status).toBe(200);
    const closed = await eventually(
      async () => {
        const r = await api('GET', `/api/v1/timeclock/shifts/${shift.id}`, { token: superToken });
        return r.body.endedAt ? r.body : undefined;
      },
      15_000,
      'the open shift closed',
    );
    expect(closed.flag).toBe('closed because the user was deactivated while on the clock');
    expect(closed.breaks[0].endedAt).toBe(closed.endedAt);
    const flagged = await auditEventually(api, superToken, 'timeclock.shift.flagged', shift.id);
    expect(flagged[0]).toMatchObject({ actorId: 'timeclock', service: 'timeclock', entityType: 'shift', data: { reason: closed.flag } });
    expectProblem(await punch(api, people.manager.token, 'clock-in', { userId: w.user.id, reason: 'cover' }), 422, 'USER_INACTIVE');
  });

  it('should give exactly one 201 to 20 concurrent clock-ins of one user from different devices', async () => {
    const w = await newWorker();
    const responses = await Promise.all(Array.from({ length: 20 }, () => punch(api, w.token, 'clock-in', { punchId: randomUUID() })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => (r.body as unknown as { code: string }).code))).toEqual(new Set(['SHIFT_ALREADY_OPEN']));
    expect(await shiftsInDb(w.user.id)).toBe(1);
  });

  it('should answer 20 concurrent retries of one punchId with one shift and 20 identical answers', async () => {
    const w = await newWorker();
    const body = { punchId: randomUUID(), occurredAt: hoursAgo(2), location: 'Van 3' };
    const raw = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${system.baseUrl}/api/v1/timeclock/clock-in`, {
          method: 'POST',
          headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, text: await r.text(), replayed: r.headers.get('idempotent-replayed') })),
      ),
    );
    expect(raw.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(raw.map((r) => r.text)).size).toBe(1);
    expect(raw.filter((r) => r.replayed === 'true')).toHaveLength(19);
    expect(await shiftsInDb(w.user.id)).toBe(1);
    // the same punch later still answers the same; another punch id is a new punch
    const again = await punch(api, w.token, 'clock-in', body);
    expect(JSON.stringify(again.body)).toBe(raw[0].text);
    expectProblem(await punch(api, w.token, 'clock-in', { ...body, location: 'Elsewhere' }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('should document every timeclock route in the OpenAPI document', async () => {
    const doc = await api.raw<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/api/v1/timeclock'))).toEqual([
      '/api/v1/timeclock/clock-in',
      '/api/v1/timeclock/clock-out',
      '/api/v1/timeclock/breaks/start',
      '/api/v1/timeclock/breaks/end',
      '/api/v1/timeclock/shifts',
      '/api/v1/timeclock/shifts/{id}',
      '/api/v1/timeclock/shifts/{id}/notes',
      '/api/v1/timeclock/shifts/{id}/correction-requests',
      '/api/v1/timeclock/correction-requests',
      '/api/v1/timeclock/correction-requests/{id}/decline',
      '/api/v1/timeclock/on-the-clock',
      '/api/v1/timeclock/settings',
      '/api/v1/timeclock/me',
      '/api/v1/timeclock/exports/payroll',
      '/api/v1/timeclock/reports/hours',
      '/api/v1/timeclock/timesheets/{userId}/{week}',
      '/api/v1/timeclock/timesheets/{userId}/{week}/submit',
      '/api/v1/timeclock/timesheets/{userId}/{week}/approve',
      '/api/v1/timeclock/timesheets/{userId}/{week}/reject',
      '/api/v1/timeclock/timesheets/{userId}/{week}/reopen',
    ]);
    expect(Object.keys(doc.body.paths['/api/v1/timeclock/clock-in'].post.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
  });
});
