import { z } from 'zod';
import type { CreateItemInput, ListItemsQuery, MovementInput, UpdateItemInput } from './inventory';
import { MOVEMENT_KINDS } from './inventory';

const sku = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and . _ / -');
const location = z.string().trim().min(1).max(100);
const quantity = z.number().int().min(0).max(1_000_000_000);

export const createItemSchema = z.strictObject({
  sku,
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).nullable().optional(),
  location,
  qty: quantity.default(0),
  minQty: quantity.default(0),
  userId: z.uuid().nullable().optional(),
}) satisfies z.ZodType<CreateItemInput, unknown>;

export const updateItemSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(5000).nullable().optional(),
    minQty: quantity.optional(),
    userId: z.uuid().nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change') satisfies z.ZodType<UpdateItemInput>;

export const movementSchema = z
  .strictObject({
    kind: z.enum(MOVEMENT_KINDS),
    quantity,
    reason: z.string().trim().min(1).max(500).nullable().optional(),
    toLocation: location.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind !== 'adjust' && m.quantity < 1) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'must be at least 1' });
    if (m.kind === 'adjust' && !m.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an adjustment needs a reason' });
    if (m.kind === 'transfer' && !m.toLocation) ctx.addIssue({ code: 'custom', path: ['toLocation'], message: 'a transfer needs toLocation' });
    if (m.kind !== 'transfer' && m.toLocation) ctx.addIssue({ code: 'custom', path: ['toLocation'], message: 'only a transfer has toLocation' });
  }) satisfies z.ZodType<MovementInput>;

export const listItemsQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  location: location.optional(),
  userId: z.uuid().optional(),
  lowStock: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .or(z.boolean())
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}) satisfies z.ZodType<ListItemsQuery, unknown>;

/** `asOf` of the point-in-time read. */
export const asOfSchema = z.iso.datetime({ offset: true }).optional();
