import { z } from 'zod';
import type { AuditExportPageRequest, AuditExportQuery, AuditPurgeRequest, AuditQuery, LegalHoldLiftRequest, LegalHoldRequest } from './audit';
import { cursorSchema, limitSchema } from './pagination';
import { pgDateTimeSchema } from './pg-limits';
import { safeText } from './safe-text';

const token = safeText(200, 1);

/** Filters of the audit query (gateway validation, OpenAPI, and the audit service). */
export const auditQuerySchema = z.strictObject({
  type: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+){0,2}$/, 'an event type or a prefix such as auth.user').optional(),
  service: z.string().trim().regex(/^[a-z_]+$/).optional(),
  entityType: token.optional(),
  entityId: z.uuid().optional(),
  actorId: token.optional(),
  correlationId: token.optional(),
  from: pgDateTimeSchema.optional(),
  to: pgDateTimeSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
}) satisfies z.ZodType<AuditQuery, unknown>;

const seqSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Range of `GET /api/v1/audit/verify`: record sequence numbers, inclusive, `from` not after `to`. */
export const auditVerifyQuerySchema = z
  .strictObject({ from: seqSchema.optional(), to: seqSchema.optional() })
  .refine((range) => range.from === undefined || range.to === undefined || range.from <= range.to, { message: 'from must not be after to', path: ['from'] });

/** `GET /api/v1/audit/export`: the query's time range and type prefix, and the records file's format. */
export const auditExportQuerySchema = z
  .strictObject({
    from: pgDateTimeSchema.optional(),
    to: pgDateTimeSchema.optional(),
    type: auditQuerySchema.shape.type,
    format: z.enum(['ndjson', 'csv']).default('ndjson'),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), { message: '"from" must not be after "to"', path: ['from'] }) satisfies z.ZodType<
  AuditExportQuery,
  unknown
>;

const planSeq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const auditExportPageSchema = z.strictObject({
  plan: z.strictObject({
    from: pgDateTimeSchema.nullable(),
    to: pgDateTimeSchema.nullable(),
    type: auditQuerySchema.shape.type.unwrap().nullable(),
    format: z.enum(['ndjson', 'csv']),
    afterSeq: planSeq,
    toSeq: planSeq,
    firstCheckpoint: planSeq,
    lastCheckpoint: planSeq,
  }),
  file: z.enum(['checkpoints', 'chain', 'records']),
  after: planSeq.nullable(),
}) satisfies z.ZodType<AuditExportPageRequest, unknown>;

const holdReason = safeText(1000, 3);

/** `POST /api/v1/audit/holds`: exactly one scope (an entity, an actor, or a time range) and a reason. */
export const legalHoldRequestSchema = z
  .union([
    z.strictObject({ entityId: z.uuid(), entityType: token.optional(), reason: holdReason }),
    z.strictObject({ actorId: token, reason: holdReason }),
    z
      .strictObject({ from: pgDateTimeSchema, to: pgDateTimeSchema, reason: holdReason })
      .refine((hold) => Date.parse(hold.from) < Date.parse(hold.to), { message: '"from" must be before "to"', path: ['from'] }),
  ])
  .describe('one of: {entityId, entityType?}, {actorId}, {from, to}; with a reason') satisfies z.ZodType<LegalHoldRequest, unknown>;

/** `DELETE /api/v1/audit/holds/:id`: the hold and why it is lifted. */
export const legalHoldLiftSchema = z.strictObject({ id: z.uuid(), reason: holdReason }) satisfies z.ZodType<LegalHoldLiftRequest, unknown>;

/** `POST /api/v1/audit/purge`: a dry run unless `apply` is true. */
export const auditPurgeRequestSchema = z.strictObject({ apply: z.boolean().default(false) }) satisfies z.ZodType<AuditPurgeRequest, unknown>;
