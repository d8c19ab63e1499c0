import { z } from 'zod';
import type { BreakStartInput, ClockInInput, PunchInput } from './timeclock';

/** Text a person typed: trimmed, bounded, no control characters (they break CSV exports and logs). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

const geo = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000).nullable().default(null),
});

const punchFields = {
  punchId: z.uuid().optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
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
