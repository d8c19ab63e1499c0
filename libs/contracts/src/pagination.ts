import { z } from 'zod';

/** Largest number of rows on one page of any list. */
export const MAX_PAGE_ROWS = 200;
/**
 * Largest size of one page's items in bytes (JSON, UTF-8): well below NATS's default
 * maximum payload (1 MB), so no list reply can exceed what the bus carries.
 */
export const MAX_PAGE_BYTES = 256 * 1024;

/** An opaque page cursor as clients send it back: base64url, bounded. */
export const cursorSchema = z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API issued');

/** `limit` of a list: 1 to MAX_PAGE_ROWS, default 50. */
export const limitSchema = z.coerce.number().int().min(1).max(MAX_PAGE_ROWS).default(50);

/** Query of a list that has no other filter. */
export const pageQuerySchema = z.strictObject({ cursor: cursorSchema.optional(), limit: limitSchema });

/** The page fields of a payload that carries others too (`{id, cursor, limit}`): only those two are read. */
export const pageFieldsSchema = z.preprocess(
  (payload) => (typeof payload === 'object' && payload !== null ? { cursor: Reflect.get(payload, 'cursor'), limit: Reflect.get(payload, 'limit') } : payload),
  pageQuerySchema,
);

/** `expectedVersion` of a command (the `If-Match` version): absent, or a positive integer. */
export const expectedVersionSchema = z.number().int().positive().optional();

export interface PageQuery {
  cursor?: string;
  limit: number;
}

/** Encodes the sort key of the last row of a page as an opaque cursor. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor and checks every part against `shape` (the sort key's schema), so a forged
 * cursor is refused here (undefined) instead of reaching the database.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string, shape: S): z.output<S> | undefined {
  if (!cursorSchema.safeParse(cursor).success) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
