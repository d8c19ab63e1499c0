import { z } from 'zod';
import { cursorSchema, limitSchema } from './pagination';
import { pgDateTimeSchema } from './pg-limits';
import { safeText } from './safe-text';
import type { CreateScheduleInput, DueQuery, ListSchedulesQuery, UpdateScheduleInput } from './safety-schedules';
import { timeZoneSchema } from './timeclock.schemas';

/** The widest window one due listing covers. */
export const MAX_DUE_WINDOW_DAYS = 92;

/** An RRULE value; its grammar is checked by the safety service (422 INVALID_RECURRENCE). */
const rruleText = z.string().trim().min(1).max(500);
/** ISO 8601 date-time, the offset optional (without one: the wall clock in the schedule's zone). */
const localOrInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, 'an ISO 8601 date-time such as 2026-11-28T08:00 (offset optional)');
const windowMinutes = z.number().int().min(1).max(60 * 24 * 366);
const site = safeText(200, 1);

export const createScheduleSchema = z.strictObject({
  templateId: z.uuid(),
  site,
  assigneeId: z.uuid(),
  rrule: rruleText,
  startsAt: localOrInstant,
  timeZone: timeZoneSchema.optional(),
  windowMinutes: windowMinutes.nullable().optional(),
}) satisfies z.ZodType<CreateScheduleInput, unknown>;

export const updateScheduleSchema = z
  .strictObject({
    site: site.optional(),
    assigneeId: z.uuid().optional(),
    rrule: rruleText.optional(),
    startsAt: localOrInstant.optional(),
    timeZone: timeZoneSchema.optional(),
    windowMinutes: windowMinutes.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change') satisfies z.ZodType<UpdateScheduleInput, unknown>;

export const listSchedulesQuerySchema = z.strictObject({
  templateId: z.uuid().optional(),
  site: site.optional(),
  assigneeId: z.uuid().optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
}) satisfies z.ZodType<ListSchedulesQuery, unknown>;

export const dueQuerySchema = z
  .strictObject({ from: pgDateTimeSchema, to: pgDateTimeSchema, scheduleId: z.uuid().optional(), site: site.optional(), assigneeId: z.uuid().optional() })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_DUE_WINDOW_DAYS * 86_400_000, {
    message: `at most ${MAX_DUE_WINDOW_DAYS} days from from to to`,
    path: ['to'],
  }) satisfies z.ZodType<DueQuery, unknown>;
