import { breakStartSchema, clockInSchema, correctShiftSchema, listShiftsQuerySchema, punchSchema } from '@uehub/contracts';
import { body, ERRORS, idParam, ifMatch, json, op, problem, queryParams, ref, type Paths } from './openapi-helpers';
import { pageOf } from './openapi-schemas';

const shift = { description: 'The shift, with ETag = version', content: json(ref('Shift')) };
const PUNCH_ROLES = 'anyone but auditors, for themself; manager and up for someone else (userId) or outside the offline window, with a reason';
const PUNCH_ERRORS = {
  ...ERRORS,
  409: problem('SHIFT_ALREADY_OPEN / NO_OPEN_SHIFT / BREAK_ALREADY_OPEN / NO_OPEN_BREAK / SHIFT_OVERLAP / IDEMPOTENCY_KEY_IN_USE'),
  422: problem('PUNCH_TIME_OUT_OF_RANGE (device time in the future or older than the window) / UNKNOWN_USER / USER_INACTIVE / RULE_VIOLATED / IDEMPOTENCY_KEY_REUSED'),
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
      patch: op('Correct a shift (start, end, breaks) with a reason; the original punches stay in the history', 'manager and up', {
        200: shift,
        ...ERRORS,
        409: problem('SHIFT_OVERLAP / CONCURRENT_MODIFICATION'),
        412: problem('VERSION_MISMATCH'),
        422: problem('RULE_VIOLATED (end before start, break outside the shift) / PERIOD_LOCKED'),
      }, { parameters: [idParam, ifMatch], requestBody: body(correctShiftSchema) }),
    },
    '/api/v1/timeclock/on-the-clock': {
      get: op("Who is working now: since when, where, on a break since (managers' live board)", 'manager and up, auditors', { 200: { description: 'Rows', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('OnTheClockRow') } } }) }, ...ERRORS }),
    },
  };
}
