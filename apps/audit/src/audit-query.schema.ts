import { auditQuerySchema as contractQuerySchema, isPgBigint } from '@uehub/contracts';
import { z } from 'zod';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** A page boundary: the `seq` of the last record of the previous page. */
export interface AuditCursor {
  seq: string;
}

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.seq }), 'utf8').toString('base64url');
}

const cursorBody = z.object({ s: z.string().refine(isPgBigint, 'not a sequence number') });

/** The cursor a client sent back, or undefined when it is not one of ours. */
export function decodeCursor(text: string): AuditCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    const body = cursorBody.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return body.success ? { seq: body.data.s } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Filters of `audit.events.query`: the contract's schema (shared with the gateway), with the
 * cursor decoded and a check that `from` is not after `to`. `type` is a prefix on whole
 * segments: `auth.user` matches `auth.user.created` but not `auth.username.x`. `from` is
 * inclusive, `to` exclusive, both on `occurred_at`. Unknown filters are refused.
 */
export const auditQuerySchema = contractQuerySchema
  .extend({
    cursor: z
      .string()
      .transform((value, ctx) => {
        const cursor = decodeCursor(value);
        if (!cursor) {
          ctx.addIssue({ code: 'custom', message: 'is not a cursor this service issued' });
          return z.NEVER;
        }
        return cursor;
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), {
    message: '"from" must not be after "to"',
    path: ['from'],
  });

export type ParsedAuditQuery = z.output<typeof auditQuerySchema>;
