import { ref } from './openapi-helpers';

type Schema = Record<string, unknown>;
const uuid = { type: 'string', format: 'uuid' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const num = { type: 'number' };
const nullableNum = { type: ['number', 'null'] };
const breakView = { type: 'object', required: ['id', 'startedAt', 'endedAt', 'paid'], properties: { id: uuid, startedAt: dateTime, endedAt: nullableTime, paid: { type: 'boolean' } } };
const fromTo = { type: 'object', required: ['from', 'to'], properties: { from: {}, to: {} } };
/** Field name to its from/to values. */
const changeSet = { type: 'object', additionalProperties: fromTo };
const TOTALS = { type: 'object', required: ['workedMinutes', 'paidBreakMinutes', 'unpaidBreakMinutes', 'regularMinutes', 'overtimeMinutes'], properties: { workedMinutes: num, paidBreakMinutes: num, unpaidBreakMinutes: num, regularMinutes: num, overtimeMinutes: num } };

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
      breaks: { type: 'array', items: breakView },
      location: nullableStr,
      job: nullableStr,
      note: nullableStr,
      geo: { type: ['object', 'null'], required: ['lat', 'lon', 'accuracyM'], properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracyM: { type: ['number', 'null'] } } },
      flag: { ...nullableStr, description: 'Why the shift needs review (e.g. closed because the user was deactivated)' },
      createdAt: dateTime,
      updatedAt: dateTime,
      version: { type: 'integer', minimum: 1 },
    },
  },
  ShiftDetail: {
    allOf: [
      ref('Shift'),
      {
        type: 'object',
        required: ['history', 'correctionRequests'],
        properties: {
          correctionRequests: { type: 'array', items: ref('CorrectionRequest') },
          history: {
            type: 'array',
            items: {
              type: 'object',
              required: ['version', 'type', 'occurredAt', 'actorId', 'reason', 'data', 'changes'],
              properties: { version: { type: 'integer' }, type: { type: 'string' }, occurredAt: dateTime, actorId: { type: 'string' }, reason: nullableStr, data: {}, changes: { ...changeSet, type: ['object', 'null'] } },
            },
          },
        },
      },
    ],
  },
  ShiftNote: {
    type: 'object',
    required: ['id', 'shiftId', 'authorId', 'text', 'createdAt'],
    properties: { id: uuid, shiftId: uuid, authorId: { type: 'string' }, text: { type: 'string' }, createdAt: dateTime },
  },
  CorrectionRequest: {
    type: 'object',
    required: ['id', 'shiftId', 'userId', 'status', 'requested', 'changes', 'reason', 'requestedAt', 'resolvedBy', 'resolvedAt', 'resolution'],
    properties: {
      id: uuid,
      shiftId: uuid,
      userId: uuid,
      status: { type: 'string', enum: ['pending', 'accepted', 'declined'] },
      requested: {
        type: 'object',
        description: 'The values asked for (only those to change)',
        properties: { startedAt: dateTime, endedAt: dateTime, breaks: { type: 'array', items: { type: 'object', required: ['startedAt', 'endedAt', 'paid'], properties: { startedAt: dateTime, endedAt: dateTime, paid: { type: 'boolean' } } } } },
      },
      changes: { ...changeSet, description: 'From/to per field, against the shift when asked' },
      reason: { type: 'string' },
      requestedAt: dateTime,
      resolvedBy: nullableStr,
      resolvedAt: nullableTime,
      resolution: { ...nullableStr, description: "The manager's reason: of the granting correction, or of the refusal" },
    },
  },
  OnTheClockRow: {
    type: 'object',
    required: ['userId', 'name', 'shiftId', 'since', 'location', 'job', 'onBreakSince'],
    properties: { userId: uuid, name: nullableStr, shiftId: uuid, since: dateTime, location: nullableStr, job: nullableStr, onBreakSince: nullableTime },
  },
  TimeclockSettings: {
    type: 'object',
    required: ['timeZone', 'weekStartsOn', 'dailyOvertimeMinutes', 'weeklyOvertimeMinutes', 'rounding', 'version', 'updatedAt'],
    properties: {
      timeZone: { type: 'string', description: 'IANA time zone' },
      weekStartsOn: { type: 'integer', minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' },
      dailyOvertimeMinutes: { type: ['integer', 'null'] },
      weeklyOvertimeMinutes: { type: 'integer' },
      rounding: { type: 'integer', enum: [0, 5, 6, 15] },
      version: { type: 'integer', minimum: 0 },
      updatedAt: nullableTime,
    },
  },
  Timesheet: {
    type: 'object',
    required: ['userId', 'week', 'status', 'reason', 'timeZone', 'days', 'exact', 'rounded', 'rounding', 'openShifts', 'shifts', 'version', 'asOf'],
    properties: {
      userId: uuid,
      week: { type: 'string', format: 'date' },
      status: { type: 'string', enum: ['open', 'submitted', 'approved', 'rejected'] },
      reason: nullableStr,
      timeZone: { type: 'string' },
      days: { type: 'array', items: { type: 'object', required: ['date', 'workedMinutes', 'paidBreakMinutes', 'unpaidBreakMinutes', 'dailyOvertimeMinutes'], properties: { date: { type: 'string', format: 'date' }, workedMinutes: num, paidBreakMinutes: num, unpaidBreakMinutes: num, dailyOvertimeMinutes: num } } },
      exact: TOTALS,
      rounded: { ...TOTALS, description: 'The same rules over each shift rounded to the increment: shown beside the exact minutes' },
      rounding: { type: 'integer' },
      openShifts: { type: 'integer' },
      shifts: { type: 'array', items: { type: 'object', required: ['id', 'startedAt', 'endedAt', 'breaks'], properties: { id: uuid, startedAt: dateTime, endedAt: nullableTime, breaks: { type: 'array', items: breakView } } } },
      version: { type: 'integer', minimum: 0 },
      asOf: nullableTime,
    },
  },
  TimeclockMe: {
    type: 'object',
    required: ['openShift', 'openBreak', 'today', 'week', 'timeZone'],
    properties: {
      openShift: { oneOf: [ref('Shift'), { type: 'null' }] },
      openBreak: { ...breakView, type: ['object', 'null'] },
      today: { type: 'object', required: ['date', 'workedMinutes'], properties: { date: { type: 'string', format: 'date' }, workedMinutes: num } },
      week: { type: 'object', required: ['week', 'exact', 'rounded'], properties: { week: { type: 'string', format: 'date' }, exact: TOTALS, rounded: TOTALS } },
      timeZone: { type: 'string' },
    },
  },
  PayrollRow: {
    type: 'object',
    required: ['userId', 'name', 'email', 'week', 'status', 'timesheetStatus', 'regularMinutes', 'overtimeMinutes', 'regularHours', 'overtimeHours', 'regularHoursRounded', 'overtimeHoursRounded'],
    properties: {
      userId: uuid,
      name: nullableStr,
      email: nullableStr,
      week: { type: 'string', format: 'date' },
      status: { type: 'string', enum: ['approved', 'missing'] },
      timesheetStatus: { type: 'string', enum: ['open', 'submitted', 'approved', 'rejected'] },
      regularMinutes: nullableNum,
      overtimeMinutes: nullableNum,
      regularHours: nullableNum,
      overtimeHours: nullableNum,
      regularHoursRounded: nullableNum,
      overtimeHoursRounded: nullableNum,
    },
  },
  HoursReportRow: {
    type: 'object',
    required: ['key', 'name', 'shifts', 'workedMinutes', 'paidBreakMinutes', 'unpaidBreakMinutes'],
    properties: { key: { type: 'string', description: 'The user id or the department' }, name: nullableStr, shifts: { type: 'integer' }, workedMinutes: num, paidBreakMinutes: num, unpaidBreakMinutes: num },
  },
};
