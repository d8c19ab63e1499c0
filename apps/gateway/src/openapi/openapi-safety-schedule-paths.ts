import { createScheduleSchema, dueQuerySchema, listSchedulesQuerySchema, MAX_DUE_WINDOW_DAYS, OCCURRENCE_STATUSES, updateScheduleSchema } from '@uehub/contracts';
import { body, ERRORS, idParam, ifMatch, json, op, problem, queryParams, ref, WRITE_ERRORS, type Paths } from './openapi-helpers';
import { pageOf } from './openapi-schemas';

const one = { description: 'The schedule, with ETag = version', content: json(ref('SafetySchedule')) };
const SCHEDULE_ERRORS = { ...WRITE_ERRORS, 422: problem('INVALID_RECURRENCE (the rrule is not one the service accepts) / UNKNOWN_USER / USER_INACTIVE / RULE_VIOLATED') };
const READERS = 'any signed-in user (workers: schedules assigned to them)';

/** Paths of the schedule routes. */
export function safetySchedulePaths(): Paths {
  return {
    '/api/v1/safety/schedules': {
      post: op('Schedule a published template at a site on an RFC 5545 recurrence (rrule read in timeZone from startsAt), assigned to an active user', 'manager and up', { 201: one, ...SCHEDULE_ERRORS }, {
        requestBody: body(createScheduleSchema),
      }),
      get: op('List schedules (oldest first)', READERS, { 200: { description: 'A page', content: json(pageOf('#/components/schemas/SafetySchedule')) }, ...ERRORS }, { parameters: queryParams(listSchedulesQuerySchema) }),
    },
    '/api/v1/safety/schedules/due': {
      get: op(`Occurrences overlapping [from, to) (at most ${MAX_DUE_WINDOW_DAYS} days): due, done (an inspection of the template at the site completed in the window) or missed`, READERS, {
        200: { description: 'The occurrences, by start', content: json(ref('SafetyDueListing')) },
        ...ERRORS,
        422: problem('RESULT_TOO_LARGE (narrow the window or filter)'),
      }, { parameters: queryParams(dueQuerySchema) }),
    },
    '/api/v1/safety/schedules/{id}/start': {
      post: op("Start the scheduled inspection: the schedule's template at its site, for its assignee (completing it makes the occurrence done)", 'the assignee (worker and up) or a manager', {
        201: { description: 'The inspection, with ETag = version', content: json(ref('SafetyInspection')) },
        ...WRITE_ERRORS,
        422: problem('RULE_VIOLATED (template archived) / USER_INACTIVE'),
      }, { parameters: [idParam] }),
    },
    '/api/v1/safety/schedules/{id}': {
      get: op('Read a schedule', READERS, { 200: one, ...ERRORS }, { parameters: [idParam] }),
      patch: op('Change a schedule (changes recorded before and after)', 'manager and up', { 200: one, ...SCHEDULE_ERRORS }, { parameters: [idParam, ifMatch], requestBody: body(updateScheduleSchema) }),
      delete: op('Delete a schedule (soft: its events stay)', 'manager and up', { 204: { description: 'Deleted' }, ...WRITE_ERRORS }, { parameters: [idParam, ifMatch] }),
    },
  };
}

const uuid = { type: 'string', format: 'uuid' };
const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const scheduleProperties = {
  id: uuid,
  templateId: uuid,
  site: str,
  assigneeId: uuid,
  rrule: { type: 'string', description: 'RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO;BYHOUR=7' },
  startsAt: { type: 'string', description: 'DTSTART: local date-time in timeZone (2026-11-28T08:00:00)' },
  timeZone: { type: 'string', description: 'IANA time zone the rule is read in' },
  windowMinutes: { type: ['integer', 'null'], description: 'Minutes an occurrence stays due (null: until the next occurrence starts)' },
  version: { type: 'integer', minimum: 1 },
  createdAt: dateTime,
  updatedAt: dateTime,
};
const occurrenceProperties = {
  scheduleId: uuid,
  templateId: uuid,
  site: str,
  assigneeId: uuid,
  startsAt: dateTime,
  endsAt: dateTime,
  status: { type: 'string', enum: [...OCCURRENCE_STATUSES] },
  inspectionId: { type: ['string', 'null'], format: 'uuid', description: 'The completed inspection that made it done' },
  missedAnnounced: { type: 'boolean', description: 'Whether safety.inspection.missed was emitted for it' },
};
/** Response schemas of the schedule routes (the views of libs/contracts/src/safety-schedules.ts). */
export const safetyScheduleSchemas = {
  SafetySchedule: { type: 'object', required: Object.keys(scheduleProperties), properties: scheduleProperties },
  SafetyDueListing: {
    type: 'object',
    required: ['from', 'to', 'items'],
    properties: {
      from: dateTime,
      to: dateTime,
      items: { type: 'array', items: { type: 'object', required: Object.keys(occurrenceProperties), properties: occurrenceProperties } },
    },
  },
};
