import { z } from 'zod';
import type { CreateItemInput, ListItemsQuery, MovementInput, UpdateItemInput } from './inventory';
import { MOVEMENT_KINDS } from './inventory';
import { cursorSchema, limitSchema } from './pagination';
import { pgDateTimeSchema } from './pg-limits';
import { optionalSafeText, safeText } from './safe-text';

const sku = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and . _ / -');
const location = safeText(100, 1);
const quantity = z.number().int().min(0).max(1_000_000_000);

export const createItemSchema = z.strictObject({
  sku,
  name: safeText(200, 1),
  description: optionalSafeText(5000),
  location,
  qty: quantity.default(0),
  minQty: quantity.default(0),
  userId: z.uuid().nullable().optional(),
}) satisfies z.ZodType<CreateItemInput, unknown>;

export const updateItemSchema = z
  .strictObject({
    name: safeText(200, 1).optional(),
    description: optionalSafeText(5000),
    minQty: quantity.optional(),
    userId: z.uuid().nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change') satisfies z.ZodType<UpdateItemInput>;

export const movementSchema = z
  .strictObject({
    kind: z.enum(MOVEMENT_KINDS),
    quantity,
    reason: safeText(500, 1).nullable().optional(),
    toLocation: location.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind !== 'adjust' && m.quantity < 1) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'must be at least 1' });
    if (m.kind === 'adjust' && !m.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an adjustment needs a reason' });
    if (m.kind === 'transfer' && !m.toLocation) ctx.addIssue({ code: 'custom', path: ['toLocation'], message: 'a transfer needs toLocation' });
    if (m.kind !== 'transfer' && m.toLocation) ctx.addIssue({ code: 'custom', path: ['toLocation'], message: 'only a transfer has toLocation' });
  }) satisfies z.ZodType<MovementInput>;

export const listItemsQuerySchema = z.strictObject({
  q: safeText(200, 1).optional(),
  location: location.optional(),
  userId: z.uuid().optional(),
  lowStock: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .or(z.boolean())
    .optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
}) satisfies z.ZodType<ListItemsQuery, unknown>;

/** `asOf` of the point-in-time read. */
export const asOfSchema = pgDateTimeSchema.optional();
