// Every error code a timeclock route documents, as one table: each row makes its own state (a
// fresh worker mostly) and expects the status and code. The last test reads the codes the OpenAPI
// document lists for the timeclock routes, so a documented code without a row fails here.
import type { ErrorCode, ShiftView } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildOpenApiDocument } from '../apps/gateway/src/openapi/openapi-document';
import type { ApiResponse } from './support/http-client';
import { expectProblem } from './support/inventory';
import { createPerson, type Person } from './support/people';
import { hoursAgo, punch, punchOk } from './support/timeclock';
import { startTimeclockSystem, type TimeclockSystem } from './support/timeclock-system';

/** Codes no single client meets in bounded time, with the test that shows them. */
const SHOWN_ELSEWHERE: Partial<Record<ErrorCode, string>> = {
  // five lost races in a row on one stream: libs/event-store/src/command-handler.int.spec.ts
  CONCURRENT_MODIFICATION: 'command-handler.int.spec.ts',
  // answers of the gateway itself or of the request/reply hop, the same for every route
  MALFORMED_REQUEST: 'hostile-input.e2e.spec.ts',
  HEADERS_TOO_LARGE: 'hostile-input.e2e.spec.ts',
  UNSUPPORTED_MEDIA_TYPE: 'hostile-input.e2e.spec.ts',
  PAYLOAD_TOO_LARGE: 'safety-evidence.e2e.spec.ts',
  SERVICE_TIMEOUT: 'deadline.e2e.spec.ts',
  SERVICE_UNAVAILABLE: 'deadline.e2e.spec.ts',
};

describe('timeclock: every documented error code through the gateway', () => {
  let s: TimeclockSystem;
  const worker = () => createPerson(s.api, s.superToken, 'tce');
  const manager = () => s.people.manager;
  const forWorker = (w: Person, extra: Record<string, unknown> = {}) => ({ userId: w.user.id, reason: 'entered from paper', ...extra });
  async function closedShift(w: Person, fromHoursAgo: number, toHoursAgo: number): Promise<ShiftView> {
    await punchOk(s.api, w.token, 'clock-in', { occurredAt: hoursAgo(fromHoursAgo) });
    return punchOk(s.api, w.token, 'clock-out', { occurredAt: hoursAgo(toHoursAgo) });
  }
  /** The Monday (UTC: the default settings) of the week `days` ago. */
  const mondayOf = (daysAgo: number) => {
    const d = new Date(Date.now() - daysAgo * 86_400_000);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };

  /** A clock-in whose Idempotency-Key is held by a first request that waits on the user's row lock (held here in SQL). */
  async function keyInUse(): Promise<ApiResponse<unknown>> {
    const w = await worker();
    await closedShift(w, 3, 2); // the user is in timeclock's replica
    const db = new Client({ connectionString: s.system.databaseUrl });
    await db.connect();
    try {
      await db.query('begin');
      await db.query('select 1 from timeclock.timeclock_user_refs where id = $1 for update', [w.user.id]);
      const headers = { 'idempotency-key': randomUUID() };
      const first = punch(s.api, w.token, 'clock-in', {}, headers);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const repeat = await punch(s.api, w.token, 'clock-in', {}, headers);
      await db.query('commit');
      expect((await first).status).toBe(201);
      return repeat;
    } finally {
      await db.end();
    }
  }

  const rows: [code: ErrorCode, status: number, what: string, call: () => Promise<ApiResponse<unknown>>][] = [
    ['VALIDATION_FAILED', 400, 'a body out of range', async () => punch(s.api, (await worker()).token, 'clock-in', { geo: { lat: 200, lon: 0 } })],
    ['VALIDATION_FAILED', 400, 'a shift id that is no UUID', () => s.api('GET', '/api/v1/timeclock/shifts/nope', { token: manager().token })],
    ['VALIDATION_FAILED', 400, 'a punch for someone else without a reason', async () => punch(s.api, manager().token, 'clock-in', { userId: (await worker()).user.id })],
    ['VALIDATION_FAILED', 400, 'a forged cursor', () => s.api('GET', '/api/v1/timeclock/correction-requests?cursor=bm90LWEtY3Vyc29y', { token: manager().token })],
    ['VALIDATION_FAILED', 400, 'a week that is no date', () => s.api('GET', '/api/v1/timeclock/exports/payroll?week=2026-02-30', { token: manager().token })],
    ['UNAUTHENTICATED', 401, 'a token that does not verify', () => s.api('GET', '/api/v1/timeclock/me', { headers: { authorization: 'Bearer not.a.token' } })],
    ['FORBIDDEN', 403, "a worker reading someone else's shift", async () => s.api('GET', `/api/v1/timeclock/shifts/${(await closedShift(await worker(), 3, 2)).id}`, { token: (await worker()).token })],
    ['NOT_FOUND', 404, 'an unknown shift', () => s.api('GET', `/api/v1/timeclock/shifts/${randomUUID()}`, { token: manager().token })],
    ['NOT_FOUND', 404, 'an unknown correction request', () => s.api('POST', `/api/v1/timeclock/correction-requests/${randomUUID()}/decline`, { token: manager().token, body: { reason: 'no' } })],
    [
      'SHIFT_ALREADY_OPEN',
      409,
      'a second clock-in',
      async () => {
        const w = await worker();
        await punchOk(s.api, w.token, 'clock-in');
        return punch(s.api, w.token, 'clock-in');
      },
    ],
    ['NO_OPEN_SHIFT', 409, 'a clock-out off the clock', async () => punch(s.api, (await worker()).token, 'clock-out')],
    [
      'BREAK_ALREADY_OPEN',
      409,
      'a second break start',
      async () => {
        const w = await worker();
        await punchOk(s.api, w.token, 'clock-in');
        await punchOk(s.api, w.token, 'breaks/start');
        return punch(s.api, w.token, 'breaks/start');
      },
    ],
    [
      'NO_OPEN_BREAK',
      409,
      'a break end without a break',
      async () => {
        const w = await worker();
        await punchOk(s.api, w.token, 'clock-in');
        return punch(s.api, w.token, 'breaks/end');
      },
    ],
    [
      'SHIFT_OVERLAP',
      409,
      'a clock-in inside a closed shift',
      async () => {
        const w = await worker();
        await closedShift(w, 10, 8);
        return punch(s.api, w.token, 'clock-in', { occurredAt: hoursAgo(9) });
      },
    ],
    ['IDEMPOTENCY_KEY_IN_USE', 409, 'a repeat while the first request with its key still runs', keyInUse],
    [
      'VERSION_MISMATCH',
      412,
      'a correction with a stale If-Match',
      async () => {
        const shift = await closedShift(await worker(), 3, 2);
        return s.api('PATCH', `/api/v1/timeclock/shifts/${shift.id}`, { token: manager().token, body: { endedAt: hoursAgo(1), reason: 'late' }, headers: { 'if-match': '"1"' } });
      },
    ],
    [
      'RULE_VIOLATED',
      422,
      'a clock-out before the clock-in',
      async () => {
        const w = await worker();
        await punchOk(s.api, w.token, 'clock-in', { occurredAt: hoursAgo(2) });
        return punch(s.api, w.token, 'clock-out', { occurredAt: hoursAgo(3) });
      },
    ],
    ['RULE_VIOLATED', 422, 'a week that does not start on the first day', async () => s.api('GET', `/api/v1/timeclock/timesheets/${(await worker()).user.id}/2026-11-24`, { token: manager().token })],
    ['PUNCH_TIME_OUT_OF_RANGE', 422, 'a device time older than the window', async () => punch(s.api, (await worker()).token, 'clock-in', { occurredAt: hoursAgo(73) })],
    ['PUNCH_TIME_OUT_OF_RANGE', 422, 'a device time in the future', async () => punch(s.api, (await worker()).token, 'clock-in', { occurredAt: hoursAgo(-1) })],
    ['UNKNOWN_USER', 422, 'a punch for nobody', () => punch(s.api, manager().token, 'clock-in', { userId: randomUUID(), reason: 'cover' })],
    [
      'USER_INACTIVE',
      422,
      'a punch for a deactivated user',
      async () => {
        const w = await worker();
        expect((await s.api('POST', `/api/v1/users/${w.user.id}/deactivate`, { token: s.superToken })).status).toBe(200);
        return eventually(async () => {
          const response = await punch(s.api, manager().token, 'clock-in', forWorker(w));
          return response.status === 201 ? undefined : response;
        });
      },
    ],
    [
      'PERIOD_LOCKED',
      422,
      'a punch into an approved week',
      async () => {
        const w = await worker();
        const week = mondayOf(14);
        const at = (hours: number) => new Date(Date.parse(`${week}T08:00:00Z`) + hours * 3_600_000).toISOString();
        await punchOk(s.api, manager().token, 'clock-in', forWorker(w, { occurredAt: at(0) }));
        await punchOk(s.api, manager().token, 'clock-out', forWorker(w, { occurredAt: at(8) }));
        expect((await s.api('POST', `/api/v1/timeclock/timesheets/${w.user.id}/${week}/submit`, { token: w.token })).status).toBe(200);
        expect((await s.api('POST', `/api/v1/timeclock/timesheets/${w.user.id}/${week}/approve`, { token: manager().token })).status).toBe(200);
        return punch(s.api, manager().token, 'clock-in', forWorker(w, { occurredAt: at(24) }));
      },
    ],
    [
      'IDEMPOTENCY_KEY_REUSED',
      422,
      'the same key with another request',
      async () => {
        const w = await worker();
        const headers = { 'idempotency-key': randomUUID() };
        await punch(s.api, w.token, 'clock-in', { note: 'first' }, headers);
        return punch(s.api, w.token, 'clock-in', { note: 'second' }, headers);
      },
    ],
  ];

  beforeAll(async () => {
    s = await startTimeclockSystem('e2e_tc_errors', 'tce');
  });
  afterAll(() => s.system.stop());

  it.each(rows)('%s (%d): %s', async (code, status, _what, call) => {
    expectProblem(await call(), status, code);
  });

  it('should have a row (or a named test elsewhere) for every code the OpenAPI document lists for a timeclock route', () => {
    const text = JSON.stringify(Object.entries(buildOpenApiDocument().paths).filter(([path]) => path.startsWith('/api/v1/timeclock/')));
    const documented = [...new Set(text.match(/\b[A-Z][A-Z_]{5,}[A-Z]\b/g))].sort();
    expect(documented).toEqual(expect.arrayContaining(['SHIFT_OVERLAP', 'PERIOD_LOCKED', 'IDEMPOTENCY_KEY_IN_USE']));
    const covered = new Set<string>([...rows.map(([code]) => code), ...Object.keys(SHOWN_ELSEWHERE)]);
    expect(documented.filter((code) => !covered.has(code))).toEqual([]);
  });
});
