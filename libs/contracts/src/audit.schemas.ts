import { z } from 'zod';
import type { AuditQuery } from './audit';

const token = z.string().trim().min(1).max(200);

/** Filters of the audit query (gateway validation, OpenAPI, and the audit service). */
export const auditQuerySchema = z.strictObject({
  type: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+){0,2}$/, 'an event type or a prefix such as auth.user').optional(),
  service: z.string().trim().regex(/^[a-z_]+$/).optional(),
  entityType: token.optional(),
  entityId: z.uuid().optional(),
  actorId: token.optional(),
  correlationId: token.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}) satisfies z.ZodType<AuditQuery, unknown>;
