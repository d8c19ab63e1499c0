import { z } from 'zod';

/** An unpaired UTF-16 surrogate: valid in a JS string, not encodable in UTF-8, refused by PostgreSQL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store the text as `text` and `jsonb`: no NUL, no unpaired surrogate. */
export function isSafeText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

const UNSAFE = 'must not contain NUL characters or unpaired surrogates';

/**
 * Text for any field that reaches the database, an event or a log: trimmed, between `min`
 * and `max` characters, without NUL or unpaired surrogates. Every text field uses it.
 */
export function safeText(max: number, min = 0) {
  let schema = z.string().trim().max(max).refine(isSafeText, UNSAFE);
  if (min > 0) schema = schema.min(min);
  return schema;
}

/** Optional text that may be cleared with null. */
export const optionalSafeText = (max: number) => safeText(max).nullable().optional();
