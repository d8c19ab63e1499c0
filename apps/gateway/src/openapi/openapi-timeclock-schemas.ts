import { ref } from './openapi-helpers';

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
  ShiftDetail: {
    allOf: [
      ref('Shift'),
      {
        type: 'object',
        required: ['history'],
        properties: {
          history: {
            type: 'array',
            items: {
              type: 'object',
              required: ['version', 'type', 'occurredAt', 'actorId', 'reason', 'data', 'changes'],
              properties: { version: { type: 'integer' }, type: { type: 'string' }, occurredAt: dateTime, actorId: { type: 'string' }, reason: nullableStr, data: { type: 'object' }, changes: { type: ['object', 'null'] } },
            },
          },
        },
      },
    ],
  },
  OnTheClockRow: {
    type: 'object',
    required: ['userId', 'name', 'shiftId', 'since', 'location', 'job', 'onBreakSince'],
    properties: { userId: uuid, name: nullableStr, shiftId: uuid, since: dateTime, location: nullableStr, job: nullableStr, onBreakSince: nullableTime },
  },
};
