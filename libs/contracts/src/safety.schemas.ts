import { z } from 'zod';
import { cursorSchema, limitSchema } from './pagination';
import { pgDateTimeSchema } from './pg-limits';
import { optionalSafeText, safeText } from './safe-text';
import {
  EVIDENCE_PART_BYTES,
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  TEMPLATE_ITEM_KINDS,
  type AmendInput,
  type AnswerInput,
  type CreateActionInput,
  type ListActionsQuery,
  type ListInspectionsQuery,
  type ListTemplatesQuery,
  type StartInspectionInput,
  type TemplateContent,
  type UpdateActionInput,
} from './safety';

/** A template item's key (also a path segment): letters, digits, `.`, `_`, `-`. */
export const itemKeySchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits and . _ -');
const finite = z.number().min(-1e12).max(1e12);
const option = safeText(200, 1);

const templateItemSchema = z
  .strictObject({
    id: itemKeySchema,
    label: safeText(500, 1),
    kind: z.enum(TEMPLATE_ITEM_KINDS),
    required: z.boolean().default(false),
    critical: z.boolean().default(false),
    unit: safeText(50, 1).optional(),
    min: finite.optional(),
    max: finite.optional(),
    options: z.array(option).min(1).max(50).optional(),
    failingOptions: z.array(option).max(50).optional(),
  })
  .superRefine((item, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (item.kind === 'choice' && !item.options) fail('options', 'a choice item needs options');
    if (item.kind !== 'choice' && (item.options || item.failingOptions)) fail('options', 'only a choice item has options');
    for (const failing of item.failingOptions ?? []) if (!item.options?.includes(failing)) fail('failingOptions', `"${failing}" is not an option`);
    if (item.kind !== 'number' && (item.unit || item.min !== undefined || item.max !== undefined)) fail('unit', 'only a number item has unit and range');
    if (item.min !== undefined && item.max !== undefined && item.min > item.max) fail('min', 'min must not exceed max');
  });

export const templateContentSchema = z
  .strictObject({
    name: safeText(200, 1),
    category: safeText(100, 1),
    sections: z
      .array(z.strictObject({ title: safeText(200, 1), items: z.array(templateItemSchema).min(1).max(200) }))
      .min(1)
      .max(50),
  })
  .superRefine((content, ctx) => {
    const ids = content.sections.flatMap((s) => s.items.map((i) => i.id));
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) ctx.addIssue({ code: 'custom', path: ['sections'], message: `item id "${duplicate}" is used twice` });
    if (ids.length > 500) ctx.addIssue({ code: 'custom', path: ['sections'], message: 'at most 500 items' });
  }) satisfies z.ZodType<TemplateContent, unknown>;

const page = { cursor: cursorSchema.optional(), limit: limitSchema };
const bool = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .or(z.boolean());

export const listTemplatesQuerySchema = z.strictObject({
  status: z.enum(['draft', 'published', 'archived']).optional(),
  ...page,
}) satisfies z.ZodType<ListTemplatesQuery, unknown>;

const site = safeText(200, 1);

export const startInspectionSchema = z.strictObject({
  templateId: z.uuid(),
  site,
  assetId: z.uuid().nullable().optional(),
  inspectorId: z.uuid().optional(),
}) satisfies z.ZodType<StartInspectionInput, unknown>;

const answerValue = z.union([finite, safeText(2000)]);

export const answerSchema = z.strictObject({
  answerId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and . _ : -'),
  value: answerValue,
  note: optionalSafeText(2000),
}) satisfies z.ZodType<AnswerInput, unknown>;

export const amendSchema = z.strictObject({
  itemId: itemKeySchema,
  value: answerValue,
  reason: safeText(1000, 1),
}) satisfies z.ZodType<AmendInput, unknown>;

export const listInspectionsQuerySchema = z.strictObject({
  site: site.optional(),
  templateId: z.uuid().optional(),
  result: z.enum(['pass', 'fail']).optional(),
  status: z.enum(['in_progress', 'completed']).optional(),
  from: pgDateTimeSchema.optional(),
  to: pgDateTimeSchema.optional(),
  ...page,
}) satisfies z.ZodType<ListInspectionsQuery, unknown>;

export const createActionSchema = z.strictObject({
  title: safeText(300, 1),
  description: optionalSafeText(5000),
  priority: z.enum(ACTION_PRIORITIES).optional(),
  assigneeId: z.uuid().nullable().optional(),
  dueAt: pgDateTimeSchema.optional(),
  inspectionId: z.uuid().nullable().optional(),
}) satisfies z.ZodType<CreateActionInput, unknown>;

export const updateActionSchema = z
  .strictObject({
    title: safeText(300, 1).optional(),
    description: optionalSafeText(5000),
    priority: z.enum(ACTION_PRIORITIES).optional(),
    assigneeId: z.uuid().nullable().optional(),
    dueAt: pgDateTimeSchema.optional(),
    status: z.literal('in_progress').optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change') satisfies z.ZodType<UpdateActionInput, unknown>;

export const resolveActionSchema = z.strictObject({ note: safeText(2000, 1) });
export const cancelActionSchema = z.strictObject({ reason: safeText(1000, 1) });

export const listActionsQuerySchema = z.strictObject({
  status: z.enum(ACTION_STATUSES).optional(),
  priority: z.enum(ACTION_PRIORITIES).optional(),
  assigneeId: z.uuid().optional(),
  overdue: bool.optional(),
  open: bool.optional(),
  needsOwner: bool.optional(),
  ...page,
}) satisfies z.ZodType<ListActionsQuery, unknown>;

/** A SHA-256 digest in lowercase hex: how evidence is named. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex');

export const evidenceUploadSchema = z.strictObject({
  uploadId: z.uuid(),
  parts: z.number().int().min(1).max(1000),
  sha256: sha256Schema,
  size: z.number().int().min(1).max(1024 * 1024 * 1024),
});

/** One part of an upload: base64 of at most EVIDENCE_PART_BYTES bytes. */
export const evidencePartSchema = z.strictObject({
  uploadId: z.uuid(),
  index: z.number().int().min(0).max(999),
  data: z
    .string()
    .max(Math.ceil(EVIDENCE_PART_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});

export const summaryQuerySchema = z
  .strictObject({ from: pgDateTimeSchema, to: pgDateTimeSchema, groupBy: z.enum(['site', 'template']).default('site') })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] });
