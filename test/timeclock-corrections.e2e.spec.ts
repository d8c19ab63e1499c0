import type { Role } from '@uehub/contracts';
import { randomUUID } from 'node:crypto';
import { apiClient, login, type Api, type RequestBody } from './support/http-client';
import { auditEventually, expectProblem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';
import { hoursAgo, punchOk } from './support/timeclock';

describe('timeclock corrections, shift lists and the live board through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;
  let seq = 0;

  async function newWorker(): Promise<Person> {
    seq += 1;
    const email = `tcc.worker.${seq}@example.com`;
    const created = await api('POST', '/api/v1/users', { token: superToken, body: { email, password: PASSWORD, name: `Worker ${seq}`, role: 'worker' } });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    return { user: created.body, token: await login(api, email, PASSWORD) };
  }
  const patch = (p: Person, id: string, body: RequestBody<'PATCH', `/api/v1/timeclock/shifts/${string}`>, ifMatch?: string) =>
    api('PATCH', `/api/v1/timeclock/shifts/${id}`, { token: p.token, body, headers: ifMatch ? { 'if-match': ifMatch } : undefined });

  beforeAll(async () => {
    system = await startSystem('e2e_tc_corr');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'tcc');
  });
  afterAll(() => system.stop());

  it('should correct a shift with If-Match and a reason, keeping the original punches in its history and the audit log', async () => {
    const w = await newWorker();
    const shift = await punchOk(api, w.token, 'clock-in', { occurredAt: hoursAgo(6) });
    const closed = await punchOk(api, w.token, 'clock-out', { occurredAt: hoursAgo(1) });
    const earlier = new Date(Date.parse(shift.startedAt) - 30 * 60_000).toISOString();
    const body = { startedAt: earlier, reason: 'badge reader at the gate was down' };
    expectProblem(await patch(people.manager, shift.id, body, '"1"'), 412, 'VERSION_MISMATCH');
    expectProblem(await patch(w, shift.id, body, '"2"'), 403, 'FORBIDDEN');
    expectProblem(await patch(people.auditor, shift.id, body, '"2"'), 403, 'FORBIDDEN');
    expectProblem(await api.untyped('PATCH', `/api/v1/timeclock/shifts/${shift.id}`, { token: people.manager.token, body: { startedAt: earlier }, headers: { 'if-match': '"2"' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch(people.manager, shift.id, { reason: 'nothing' }, '"2"'), 400, 'VALIDATION_FAILED');
    expectProblem(await patch(people.manager, shift.id, { endedAt: hoursAgo(7), reason: 'typo' }, '"2"'), 422, 'RULE_VIOLATED');
    expectProblem(await patch(people.manager, randomUUID(), body), 404, 'NOT_FOUND');
    const corrected = await patch(people.manager, shift.id, body, '"2"');
    expect(corrected.status).toBe(200);
    expect(corrected.headers.get('etag')).toBe('"3"');
    expect(corrected.body).toMatchObject({ id: shift.id, startedAt: earlier, endedAt: closed.endedAt, version: 3 });

    const detail = (await api('GET', `/api/v1/timeclock/shifts/${shift.id}`, { token: w.token })).body;
    expect(detail.history.map((h) => [h.version, h.type, h.actorId, h.reason])).toEqual([
      [1, 'timeclock.shift.started', w.user.id, null],
      [2, 'timeclock.shift.ended', w.user.id, null],
      [3, 'timeclock.shift.corrected', people.manager.user.id, 'badge reader at the gate was down'],
    ]);
    expect(detail.history[0].data).toMatchObject({ at: shift.startedAt, deviceTime: shift.startedAt });
    expect(detail.history[2].changes).toEqual({ startedAt: { from: shift.startedAt, to: earlier } });
    const [audited] = await auditEventually(api, superToken, 'timeclock.shift.corrected', shift.id);
    expect(audited).toMatchObject({ actorId: people.manager.user.id, changes: { startedAt: { from: shift.startedAt, to: earlier } }, data: { reason: body.reason } });
    const [original] = await auditEventually(api, superToken, 'timeclock.shift.started', shift.id);
    expect(original).toMatchObject({ actorId: w.user.id, data: { at: shift.startedAt } });
  });

  it('should refuse a correction that makes two shifts overlap (409 SHIFT_OVERLAP)', async () => {
    const w = await newWorker();
    const first = await punchOk(api, w.token, 'clock-in', { occurredAt: hoursAgo(10) });
    await punchOk(api, w.token, 'clock-out', { occurredAt: hoursAgo(8) });
    await punchOk(api, w.token, 'clock-in', { occurredAt: hoursAgo(6) });
    await punchOk(api, w.token, 'clock-out', { occurredAt: hoursAgo(4) });
    expectProblem(await patch(people.manager, first.id, { endedAt: hoursAgo(5), reason: 'stayed late' }), 409, 'SHIFT_OVERLAP');
  });

  it('should list shifts newest first with a checked cursor: own ones for workers, anyone for managers and auditors', async () => {
    const w = await newWorker();
    const ids: string[] = [];
    for (const h of [30, 20, 10]) {
      ids.push((await punchOk(api, w.token, 'clock-in', { occurredAt: hoursAgo(h) })).id);
      await punchOk(api, w.token, 'clock-out', { occurredAt: hoursAgo(h - 1) });
    }
    const own = await api('GET', '/api/v1/timeclock/shifts?limit=2', { token: w.token });
    expect(own.body.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const next = await api('GET', `/api/v1/timeclock/shifts?limit=2&cursor=${own.body.nextCursor}`, { token: w.token });
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expectProblem(await api('GET', `/api/v1/timeclock/shifts?userId=${people.worker.user.id}`, { token: w.token }), 403, 'FORBIDDEN');
    for (const role of ['manager', 'admin', 'auditor'] as const) {
      const r = await api('GET', `/api/v1/timeclock/shifts?userId=${w.user.id}&from=${hoursAgo(25)}`, { token: people[role].token });
      expect(r.body.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    }
    expectProblem(await api('GET', '/api/v1/timeclock/shifts?cursor=bm90LWEtY3Vyc29y', { token: w.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', '/api/v1/timeclock/shifts?limit=0', { token: w.token }), 400, 'VALIDATION_FAILED');
  });

  it('should show managers and auditors who is on the clock now', async () => {
    const w = await newWorker();
    const shift = await punchOk(api, w.token, 'clock-in', { location: 'Depot North', job: 'J-9' });
    const onBreak = await punchOk(api, w.token, 'breaks/start');
    for (const role of ['manager', 'auditor', 'superadmin'] as const) {
      const board = await api('GET', '/api/v1/timeclock/on-the-clock', { token: people[role].token });
      expect(board.status).toBe(200);
      expect(board.body.items.find((r) => r.userId === w.user.id)).toEqual({
        userId: w.user.id,
        name: w.user.name,
        shiftId: shift.id,
        since: shift.startedAt,
        location: 'Depot North',
        job: 'J-9',
        onBreakSince: onBreak.breaks[0].startedAt,
      });
    }
    expectProblem(await api('GET', '/api/v1/timeclock/on-the-clock', { token: people.worker.token }), 403, 'FORBIDDEN');
    expectProblem(await api('GET', '/api/v1/timeclock/on-the-clock', { token: people.employee.token }), 403, 'FORBIDDEN');
    await punchOk(api, w.token, 'clock-out');
    const after = await api('GET', '/api/v1/timeclock/on-the-clock', { token: people.manager.token });
    expect(after.body.items.find((r) => r.userId === w.user.id)).toBeUndefined();
  });
});
