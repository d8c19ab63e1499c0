import {
  addNoteSchema,
  breakStartSchema,
  clockInSchema,
  correctionRequestSchema,
  correctShiftSchema,
  decisionReasonSchema,
  hoursReportQuerySchema,
  listCorrectionRequestsQuerySchema,
  listShiftsQuerySchema,
  punchSchema,
  settingsSchema,
} from '@uehub/contracts';
import { body, ERRORS, idParam, ifMatch, json, op, problem, queryParams, ref, type Paths } from './openapi-helpers';
import { pageOf } from './openapi-schemas';

const shift = { description: 'The shift, with ETag = version', content: json(ref('Shift')) };
const PUNCH_ROLES = 'anyone but auditors, for themself; manager and up for someone else (userId) or outside the offline window, with a reason';
const PUNCH_ERRORS = {
  ...ERRORS,
  409: problem('SHIFT_ALREADY_OPEN / NO_OPEN_SHIFT / BREAK_ALREADY_OPEN / NO_OPEN_BREAK / SHIFT_OVERLAP / IDEMPOTENCY_KEY_IN_USE'),
  422: problem('PUNCH_TIME_OUT_OF_RANGE (device time in the future or older than the window) / UNKNOWN_USER / USER_INACTIVE / RULE_VIOLATED / PERIOD_LOCKED (a punch into an approved week) / IDEMPOTENCY_KEY_REUSED'),
};
const PUNCH_NOTE = ' `punchId` (UUID) makes the punch idempotent: the same punch sent again returns the first answer.';

/** Paths of the timeclock routes. */
export function timeclockPaths(): Paths {
  return {
    '/api/v1/timeclock/clock-in': { post: op(`Clock in (start a shift), now or at the device's occurredAt.${PUNCH_NOTE}`, PUNCH_ROLES, { 201: shift, ...PUNCH_ERRORS }, { requestBody: body(clockInSchema) }) },
    '/api/v1/timeclock/clock-out': { post: op(`Clock out (ends an open break too).${PUNCH_NOTE}`, PUNCH_ROLES, { 200: shift, ...PUNCH_ERRORS }, { requestBody: body(punchSchema) }) },
    '/api/v1/timeclock/breaks/start': { post: op(`Start a break (paid: false by default).${PUNCH_NOTE}`, PUNCH_ROLES, { 200: shift, ...PUNCH_ERRORS }, { requestBody: body(breakStartSchema) }) },
    '/api/v1/timeclock/breaks/end': { post: op(`End the open break.${PUNCH_NOTE}`, PUNCH_ROLES, { 200: shift, ...PUNCH_ERRORS }, { requestBody: body(punchSchema) }) },
    '/api/v1/timeclock/shifts': {
      get: op('List shifts, newest start first (workers and employees: their own)', 'any signed-in user; userId of others: manager and up, auditors', { 200: { description: 'A page', content: json(pageOf('#/components/schemas/Shift')) }, ...ERRORS }, { parameters: queryParams(listShiftsQuerySchema) }),
    },
    '/api/v1/timeclock/shifts/{id}': {
      get: op('Read a shift with its history (every version: who, when, why, from/to)', 'the user themself, manager and up, auditors', { 200: { description: 'The shift and its history, with ETag = version', content: json(ref('ShiftDetail')) }, ...ERRORS }, { parameters: [idParam] }),
      patch: op('Correct a shift (start, end, breaks) with a reason; the original punches stay in the history. `requestId` grants a pending correction request of the shift', 'manager and up (not on a request of their own)', {
        200: shift,
        ...ERRORS,
        409: problem('SHIFT_OVERLAP / CONCURRENT_MODIFICATION'),
        412: problem('VERSION_MISMATCH'),
        422: problem('RULE_VIOLATED (end before start, break outside the shift, request resolved already or unchanged) / PERIOD_LOCKED'),
      }, { parameters: [idParam, ifMatch], requestBody: body(correctShiftSchema) }),
    },
    ...requestPaths(),
    '/api/v1/timeclock/on-the-clock': {
      get: op("Who is working now: since when, where, on a break since (managers' live board)", 'manager and up, auditors', { 200: { description: 'Rows', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('OnTheClockRow') } } }) }, ...ERRORS }),
    },
    ...timesheetPaths(),
  };
}

const request = { description: 'The correction request', content: json(ref('CorrectionRequest')) };

function requestPaths(): Paths {
  return {
    '/api/v1/timeclock/shifts/{id}/notes': {
      post: op('Add a note to a shift (changes no time; shown in its history)', "the shift's worker; manager and up on anyone's", { 201: { description: 'The note', content: json(ref('ShiftNote')) }, ...ERRORS, 409: problem('IDEMPOTENCY_KEY_IN_USE'), 422: problem('IDEMPOTENCY_KEY_REUSED') }, {
        parameters: [idParam],
        requestBody: body(addNoteSchema),
      }),
    },
    '/api/v1/timeclock/shifts/{id}/correction-requests': {
      post: op('Ask for a correction of your own shift (new start, end or breaks, with a reason); a manager grants it (PATCH with requestId) or declines it', "the shift's worker only", {
        201: request,
        ...ERRORS,
        409: problem('IDEMPOTENCY_KEY_IN_USE'),
        422: problem('RULE_VIOLATED (end before start, break outside the shift, changes nothing) / IDEMPOTENCY_KEY_REUSED'),
      }, { parameters: [idParam], requestBody: body(correctionRequestSchema) }),
    },
    '/api/v1/timeclock/correction-requests': {
      get: op('Correction requests, newest first (status=pending: what waits for a manager)', 'any signed-in user: their own; manager and up, auditors: everyone\'s', { 200: { description: 'A page', content: json(pageOf('#/components/schemas/CorrectionRequest')) }, ...ERRORS }, { parameters: queryParams(listCorrectionRequestsQuerySchema) }),
    },
    '/api/v1/timeclock/correction-requests/{id}/decline': {
      post: op('Decline a pending correction request, with a reason', 'manager and up, not on a request of their own', { 200: request, ...ERRORS, 409: problem('IDEMPOTENCY_KEY_IN_USE'), 422: problem('RULE_VIOLATED (resolved already) / IDEMPOTENCY_KEY_REUSED') }, {
        parameters: [idParam],
        requestBody: body(decisionReasonSchema),
      }),
    },
  };
}

const sheet = { description: 'The week: shifts, days, exact and rounded totals, status', content: json(ref('Timesheet')) };
const sheetParams = [
  { name: 'userId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
  { name: 'week', in: 'path', required: true, schema: { type: 'string', format: 'date' }, description: 'The first day of the workweek (organisation settings)' },
];
const SHEET_ERRORS = { ...ERRORS, 422: problem('RULE_VIOLATED (not the first day of a week, wrong state, open shift) / PERIOD_LOCKED / UNKNOWN_USER') };
const decision = (summary: string, roles: string, withReason: boolean) => ({
  post: op(summary, roles, { 200: sheet, ...SHEET_ERRORS }, { parameters: sheetParams, ...(withReason ? { requestBody: body(decisionReasonSchema) } : {}) }),
});

function timesheetPaths(): Paths {
  return {
    '/api/v1/timeclock/settings': {
      get: op('The organisation settings (time zone, first day of the week, overtime thresholds, rounding)', 'any signed-in user', { 200: { description: 'Settings (version 0: defaults)', content: json(ref('TimeclockSettings')) }, ...ERRORS }),
      put: op('Change the organisation settings', 'admin and up', { 200: { description: 'Settings, ETag = version', content: json(ref('TimeclockSettings')) }, ...ERRORS, 412: problem('VERSION_MISMATCH') }, { parameters: [ifMatch], requestBody: body(settingsSchema) }),
    },
    '/api/v1/timeclock/me': {
      get: op("The caller's open shift and break, today's and this week's totals so far (organisation time zone)", 'any signed-in user', { 200: { description: 'Me', content: json(ref('TimeclockMe')) }, ...ERRORS }),
    },
    '/api/v1/timeclock/exports/payroll': {
      get: op('Payroll export of a week: one row per user, approved figures (exact and rounded hours) or listed as missing', 'manager and up, auditors', {
        200: { description: 'text/csv by default; JSON {week, items} with Accept: application/json', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', required: ['week', 'items'], properties: { week: { type: 'string', format: 'date' }, items: { type: 'array', items: ref('PayrollRow') } } } } } },
        ...SHEET_ERRORS,
      }, { parameters: [{ name: 'week', in: 'query', required: true, schema: { type: 'string', format: 'date' } }] }),
    },
    '/api/v1/timeclock/reports/hours': {
      get: op('Worked hours per user or department over local days from..to (inclusive, at most 92)', 'manager and up, auditors', { 200: { description: 'Rows', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('HoursReportRow') } } }) }, ...ERRORS }, { parameters: queryParams(hoursReportQuerySchema) }),
    },
    '/api/v1/timeclock/timesheets/{userId}/{week}': {
      get: op('A workweek now, or as it stood at asOf (from the events)', 'the user themself, manager and up, auditors', { 200: sheet, ...SHEET_ERRORS }, {
        parameters: [...sheetParams, { name: 'asOf', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } }],
      }),
    },
    '/api/v1/timeclock/timesheets/{userId}/{week}/submit': decision('Submit a week (open or rejected)', 'the user themself (not auditors), manager and up', false),
    '/api/v1/timeclock/timesheets/{userId}/{week}/approve': decision('Approve a submitted week: it is locked (PERIOD_LOCKED) until reopened', 'manager and up, not for their own week', false),
    '/api/v1/timeclock/timesheets/{userId}/{week}/reject': decision('Reject a submitted week, with a reason', 'manager and up, not for their own week', true),
    '/api/v1/timeclock/timesheets/{userId}/{week}/reopen': decision('Reopen an approved week, with a reason', 'admin and up', true),
  };
}
