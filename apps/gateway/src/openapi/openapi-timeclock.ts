import { breakStartSchema, clockInSchema, punchSchema } from '@uehub/contracts';
import { body, ERRORS, idParam, json, op, problem, ref, type Paths } from './openapi-helpers';

type Schema = Record<string, unknown>;
const uuid = { type: 'string', format: 'uuid' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };

/** Response shapes of the timeclock routes. */
export const timeclockResponseSchemas: Record<string, Schema> = {
  Shift: {
    type: 'object',
    required: ['id', 'userId', 'startedAt', 'endedAt', 'breaks', 'location', 'job', 'note', 'geo', 'flag', 'createdAt', 'updatedAt', 'version'],
    properties: {
      id: uuid,
      userId: uuid,
      startedAt: dateTime,
      endedAt: nullableTime,
      breaks: {
        type: 'array',
        items: { type: 'object', required: ['id', 'startedAt', 'endedAt', 'paid'], properties: { id: uuid, startedAt: dateTime, endedAt: nullableTime, paid: { type: 'boolean' } } },
      },
      location: nullableStr,
      job: nullableStr,
      note: nullableStr,
      geo: { type: ['object', 'null'], properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracyM: { type: ['number', 'null'] } } },
      flag: { ...nullableStr, description: 'Why the shift needs review (e.g. closed because the user was deactivated)' },
      createdAt: dateTime,
      updatedAt: dateTime,
      version: { type: 'integer', minimum: 1 },
    },
  },
};

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
    '/api/v1/timeclock/shifts/{id}': { get: op('Read a shift', 'the user themself, manager and up, auditors', { 200: shift, ...ERRORS }, { parameters: [idParam] }) },
  };
}
