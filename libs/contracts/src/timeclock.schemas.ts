import { z } from 'zod';
import { pgDateTimeSchema } from './pg-limits';
import { safeText } from './safe-text';
import { cursorSchema, limitSchema } from './pagination';
import type {
  AddNoteInput,
  BreakStartInput,
  ClockInInput,
  CorrectionRequestInput,
  CorrectShiftInput,
  HoursReportQuery,
  ListCorrectionRequestsQuery,
  ListShiftsQuery,
  PunchInput,
  TimeclockSettings,
} from './timeclock';

/** Text a person typed: the shared safe text (trimmed, bounded, storable), never empty. */
const text = (max: number) => safeText(max, 1);

const geo = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000).nullable().default(null),
});

const punchFields = {
  punchId: z.uuid().optional(),
  occurredAt: pgDateTimeSchema.optional(),
  userId: z.uuid().optional(),
  reason: text(500).optional(),
  note: text(1000).optional(),
  geo: geo.optional(),
};

export const punchSchema = z.strictObject(punchFields) satisfies z.ZodType<PunchInput, unknown>;

export const clockInSchema = z.strictObject({
  ...punchFields,
  location: text(100).optional(),
  job: text(100).optional(),
}) satisfies z.ZodType<ClockInInput, unknown>;

export const breakStartSchema = z.strictObject({
  ...punchFields,
  paid: z.boolean().default(false),
}) satisfies z.ZodType<BreakStartInput, unknown>;

const correctionFields = {
  startedAt: pgDateTimeSchema.optional(),
  endedAt: pgDateTimeSchema.optional(),
  breaks: z.array(z.strictObject({ startedAt: pgDateTimeSchema, endedAt: pgDateTimeSchema, paid: z.boolean().default(false) })).max(20).optional(),
  reason: text(500),
};
const changesSomething = (c: { startedAt?: string; endedAt?: string; breaks?: unknown }) => c.startedAt !== undefined || c.endedAt !== undefined || c.breaks !== undefined;
const CHANGE_SOMETHING = 'give startedAt, endedAt or breaks to change';

/** A manager's correction; `requestId` grants a worker's pending request with it. */
export const correctShiftSchema = z
  .strictObject({ ...correctionFields, requestId: z.uuid().optional() })
  .refine(changesSomething, CHANGE_SOMETHING) satisfies z.ZodType<CorrectShiftInput, unknown>;

/** What a worker asks to have corrected on their own shift, and why. */
export const correctionRequestSchema = z.strictObject(correctionFields).refine(changesSomething, CHANGE_SOMETHING) satisfies z.ZodType<CorrectionRequestInput, unknown>;

export const addNoteSchema = z.strictObject({ text: text(1000) }) satisfies z.ZodType<AddNoteInput, unknown>;

export const listCorrectionRequestsQuerySchema = z.strictObject({
  status: z.enum(['pending', 'accepted', 'declined']).optional(),
  userId: z.uuid().optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
}) satisfies z.ZodType<ListCorrectionRequestsQuery, unknown>;

export const listShiftsQuerySchema = z.strictObject({
  userId: z.uuid().optional(),
  from: pgDateTimeSchema.optional(),
  to: pgDateTimeSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
}) satisfies z.ZodType<ListShiftsQuery, unknown>;

/** An IANA time zone the runtime knows (Intl), e.g. Europe/Berlin. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

export const settingsSchema = z.strictObject({
  timeZone: timeZoneSchema,
  weekStartsOn: z.number().int().min(1).max(7),
  dailyOvertimeMinutes: z.number().int().min(1).max(1440).nullable(),
  weeklyOvertimeMinutes: z.number().int().min(1).max(10080),
  rounding: z.union([z.literal(0), z.literal(5), z.literal(6), z.literal(15)]),
}) satisfies z.ZodType<TimeclockSettings>;

/** A calendar date (the first day of a workweek), yyyy-mm-dd. */
export const weekSchema = z.iso.date();

/** The reason a rejection or a reopening needs. */
export const decisionReasonSchema = z.strictObject({ reason: text(500) });

/** The hours report: local days from `from` to `to` (inclusive, at most 92 days), grouped by user or department. */
export const hoursReportQuerySchema = z
  .strictObject({ from: z.iso.date(), to: z.iso.date(), groupBy: z.enum(['user', 'department']).default('user') })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 91 * 86_400_000, { path: ['to'], message: 'at most 92 days' }) satisfies z.ZodType<HoursReportQuery, unknown>;
