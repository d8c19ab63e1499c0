import type { Role, ShiftView } from '@uehub/contracts';
import { randomUUID } from 'node:crypto';
import type { Api, RequestBody } from './support/http-client';
import { auditEventually, expectProblem } from './support/inventory';
import { createPerson, type Person } from './support/people';
import type { RunningSystem } from './support/system';
import { hoursAgo, punchOk } from './support/timeclock';
import { startTimeclockSystem } from './support/timeclock-system';

describe("timeclock: a worker's notes and correction requests, and managers' answers, through the gateway", () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  const note = (p: Person, shiftId: string, text: string, headers?: Record<string, string>) =>
    api('POST', `/api/v1/timeclock/shifts/${shiftId}/notes`, { token: p.token, body: { text }, headers });
  const ask = (p: Person, shiftId: string, body: RequestBody<'POST', `/api/v1/timeclock/shifts/${string}/correction-requests`>, headers?: Record<string, string>) =>
    api('POST', `/api/v1/timeclock/shifts/${shiftId}/correction-requests`, { token: p.token, body, headers });
  const decline = (p: Person, requestId: string, body: RequestBody<'POST', `/api/v1/timeclock/correction-requests/${string}/decline`>) => api('POST', `/api/v1/timeclock/correction-requests/${requestId}/decline`, { token: p.token, body });
  const detail = async (p: Person, shiftId: string) => (await api('GET', `/api/v1/timeclock/shifts/${shiftId}`, { token: p.token })).body;
  const pending = async (p: Person, query = 'status=pending') => (await api('GET', `/api/v1/timeclock/correction-requests?${query}`, { token: p.token })).body.items;
  async function closedShift(w: Person): Promise<ShiftView> {
    await punchOk(api, w.token, 'clock-in', { occurredAt: hoursAgo(6) });
    return punchOk(api, w.token, 'clock-out', { occurredAt: hoursAgo(1) });
  }

  beforeAll(async () => {
    ({ system, api, superToken, people } = await startTimeclockSystem('e2e_tc_requests', 'tcr'));
  });
  afterAll(() => system.stop());

  it('should let a worker note their own shift, managers note anyone\'s, and show each note in the history and the audit log', async () => {
    const w = await createPerson(api, superToken, 'tcr');
    const shift = await closedShift(w);
    const mine = await note(w, shift.id, 'left at 15:00: dentist');
    expect(mine.status).toBe(201);
    expect(mine.body).toEqual({ id: expect.any(String), shiftId: shift.id, authorId: w.user.id, text: 'left at 15:00: dentist', createdAt: expect.any(String) });
    expect((await note(people.manager, shift.id, 'confirmed with the site lead')).status).toBe(201);
    expectProblem(await note(people.worker, shift.id, 'not mine'), 403, 'FORBIDDEN');
    expectProblem(await note(people.employee, shift.id, 'not mine'), 403, 'FORBIDDEN');
    expectProblem(await note(people.auditor, shift.id, 'read only'), 403, 'FORBIDDEN');
    expectProblem(await note(w, shift.id, ''), 400, 'VALIDATION_FAILED');
    expectProblem(await note(w, randomUUID(), 'x'), 404, 'NOT_FOUND');
    expectProblem(await note(w, 'not-a-uuid', 'x'), 400, 'VALIDATION_FAILED');

    const after = await detail(w, shift.id);
    expect(after).toMatchObject({ startedAt: shift.startedAt, endedAt: shift.endedAt, version: 4 });
    expect(after.history.slice(2).map((h) => [h.type, h.actorId, h.data])).toEqual([
      ['timeclock.shift.note_added', w.user.id, { noteId: mine.body.id, text: 'left at 15:00: dentist' }],
      ['timeclock.shift.note_added', people.manager.user.id, { noteId: expect.any(String), text: 'confirmed with the site lead' }],
    ]);
    const audited = await auditEventually(api, superToken, 'timeclock.shift.note_added', shift.id, 2);
    expect(audited.map((a) => a.actorId).sort()).toEqual([w.user.id, people.manager.user.id].sort());
  });

  it('should take a correction request from the worker only, answer a repeat of its Idempotency-Key with the first answer, and list it for managers', async () => {
    const w = await createPerson(api, superToken, 'tcr');
    const shift = await closedShift(w);
    const earlier = new Date(Date.parse(shift.startedAt) - 30 * 60_000).toISOString();
    const body = { startedAt: earlier, reason: 'the badge reader at the gate was down' };
    const key = { 'idempotency-key': randomUUID() };
    const asked = await ask(w, shift.id, body, key);
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({
      id: expect.any(String),
      shiftId: shift.id,
      userId: w.user.id,
      status: 'pending',
      requested: { startedAt: earlier },
      changes: { startedAt: { from: shift.startedAt, to: earlier } },
      reason: body.reason,
      requestedAt: expect.any(String),
      resolvedBy: null,
      resolvedAt: null,
      resolution: null,
    });
    const again = await ask(w, shift.id, body, key);
    expect({ status: again.status, id: again.body.id, replayed: again.headers.get('idempotent-replayed') }).toEqual({ status: 201, id: asked.body.id, replayed: 'true' });
    expectProblem(await ask(w, shift.id, { ...body, reason: 'other' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');

    for (const role of ['manager', 'worker', 'employee'] as const) expectProblem(await ask(people[role], shift.id, body), 403, 'FORBIDDEN');
    expectProblem(await ask(people.auditor, shift.id, body), 403, 'FORBIDDEN');
    expectProblem(await api.untyped('POST', `/api/v1/timeclock/shifts/${shift.id}/correction-requests`, { token: w.token, body: { startedAt: earlier } }), 400, 'VALIDATION_FAILED');
    expectProblem(await ask(w, shift.id, { reason: 'nothing to change' }), 400, 'VALIDATION_FAILED');
    expectProblem(await ask(w, shift.id, { endedAt: hoursAgo(7), reason: 'typo' }), 422, 'RULE_VIOLATED');
    expectProblem(await ask(w, shift.id, { startedAt: shift.startedAt, reason: 'same' }), 422, 'RULE_VIOLATED');
    expectProblem(await ask(w, randomUUID(), body), 404, 'NOT_FOUND');

    // the request changes no time, and shows in the shift's history and detail
    const after = await detail(w, shift.id);
    expect(after).toMatchObject({ startedAt: shift.startedAt, version: 3, correctionRequests: [asked.body] });
    expect(after.history[2]).toMatchObject({ type: 'timeclock.shift.correction_requested', actorId: w.user.id, reason: body.reason, changes: asked.body.changes });

    for (const role of ['manager', 'admin', 'superadmin', 'auditor'] as const) expect((await pending(people[role])).map((r) => r.id)).toContain(asked.body.id);
    expect(await pending(w)).toEqual([asked.body]);
    expect(await pending(people.worker)).toEqual([]);
    expectProblem(await api('GET', `/api/v1/timeclock/correction-requests?userId=${w.user.id}`, { token: people.worker.token }), 403, 'FORBIDDEN');
    expectProblem(await api('GET', '/api/v1/timeclock/correction-requests?status=maybe', { token: w.token }), 400, 'VALIDATION_FAILED');
    const [audited] = await auditEventually(api, superToken, 'timeclock.shift.correction_requested', shift.id);
    expect(audited).toMatchObject({ actorId: w.user.id, changes: asked.body.changes, data: { requestId: asked.body.id, reason: body.reason } });
  });

  it('should resolve a request when a manager corrects the shift naming it, or declines it with a reason; once only, never by the requester', async () => {
    const w = await createPerson(api, superToken, 'tcr');
    const shift = await closedShift(w);
    const earlier = new Date(Date.parse(shift.startedAt) - 15 * 60_000).toISOString();
    const first = (await ask(w, shift.id, { startedAt: earlier, reason: 'forgot to punch in' })).body;
    const second = (await ask(w, shift.id, { endedAt: hoursAgo(0.5), reason: 'stayed to lock up' })).body;
    const grant = (p: Person, requestId: string, ifMatch: string) =>
      api('PATCH', `/api/v1/timeclock/shifts/${shift.id}`, { token: p.token, body: { startedAt: earlier, reason: 'as asked', requestId }, headers: { 'if-match': ifMatch } });

    expectProblem(await grant(w, first.id, '"4"'), 403, 'FORBIDDEN');
    expectProblem(await grant(people.manager, randomUUID(), '"4"'), 404, 'NOT_FOUND');
    const granted = await grant(people.manager, first.id, '"4"');
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ startedAt: earlier, version: 5 });
    expectProblem(await decline(people.manager, first.id, { reason: 'changed my mind' }), 422, 'RULE_VIOLATED');

    for (const role of ['worker', 'employee', 'auditor'] as const) expectProblem(await decline(people[role], second.id, { reason: 'no' }), 403, 'FORBIDDEN');
    expectProblem(await api.untyped('POST', `/api/v1/timeclock/correction-requests/${second.id}/decline`, { token: people.manager.token, body: {} }), 400, 'VALIDATION_FAILED');
    expectProblem(await decline(people.manager, randomUUID(), { reason: 'no' }), 404, 'NOT_FOUND');
    const declined = await decline(people.admin, second.id, { reason: 'the alarm log says 17:02' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ id: second.id, status: 'declined', resolvedBy: people.admin.user.id, resolution: 'the alarm log says 17:02' });
    expectProblem(await decline(people.manager, second.id, { reason: 'again' }), 422, 'RULE_VIOLATED');

    const after = await detail(people.manager, shift.id);
    expect(after.correctionRequests.map((r) => [r.id, r.status, r.resolvedBy, r.resolution])).toEqual([
      [first.id, 'accepted', people.manager.user.id, 'as asked'],
      [second.id, 'declined', people.admin.user.id, 'the alarm log says 17:02'],
    ]);
    expect(after.history.slice(2).map((h) => [h.type, h.actorId])).toEqual([
      ['timeclock.shift.correction_requested', w.user.id],
      ['timeclock.shift.correction_requested', w.user.id],
      ['timeclock.shift.corrected', people.manager.user.id],
      ['timeclock.shift.correction_declined', people.admin.user.id],
    ]);
    expect(after.history[4].data).toMatchObject({ requestId: first.id, startedAt: earlier });
    expect((await pending(people.manager)).map((r) => r.id)).not.toContain(second.id);
    expect((await pending(people.manager, `status=declined&userId=${w.user.id}`)).map((r) => r.id)).toEqual([second.id]);
    const [audited] = await auditEventually(api, superToken, 'timeclock.shift.correction_declined', shift.id);
    expect(audited).toMatchObject({ actorId: people.admin.user.id, data: { requestId: second.id, reason: 'the alarm log says 17:02' } });

    // a manager's own request goes to someone else
    const mine = await closedShift(people.manager);
    const own = (await ask(people.manager, mine.id, { startedAt: new Date(Date.parse(mine.startedAt) - 60_000).toISOString(), reason: 'mine' })).body;
    expectProblem(await decline(people.manager, own.id, { reason: 'no' }), 403, 'FORBIDDEN');
    expect((await decline(people.admin, own.id, { reason: 'no' })).status).toBe(200);
  });

  it('should take notes and requests in an approved week (they change no time), and refuse granting one there until the week is reopened', async () => {
    const w = await createPerson(api, superToken, 'tcr');
    const shift = await closedShift(w);
    const monday = new Date(shift.startedAt);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7)); // the default settings: UTC, weeks from Monday
    const sheet = `/api/v1/timeclock/timesheets/${w.user.id}/${monday.toISOString().slice(0, 10)}` as const;
    expect((await api('POST', `${sheet}/submit`, { token: w.token })).status).toBe(200);
    expect((await api('POST', `${sheet}/approve`, { token: people.manager.token })).status).toBe(200);
    expect((await note(w, shift.id, 'the approved figure misses my overtime')).status).toBe(201);
    const asked = await ask(w, shift.id, { endedAt: hoursAgo(0.5), reason: 'stayed to lock up' });
    expect(asked.status).toBe(201);
    const grant = () => api('PATCH', `/api/v1/timeclock/shifts/${shift.id}`, { token: people.manager.token, body: { endedAt: hoursAgo(0.5), reason: 'as asked', requestId: asked.body.id } });
    expectProblem(await grant(), 422, 'PERIOD_LOCKED');
    expect((await api('POST', `${sheet}/reopen`, { token: people.admin.token, body: { reason: 'overtime missing' } })).status).toBe(200);
    expect((await grant()).status).toBe(200);
    expect((await detail(w, shift.id)).correctionRequests).toEqual([expect.objectContaining({ id: asked.body.id, status: 'accepted' })]);
  });
});
