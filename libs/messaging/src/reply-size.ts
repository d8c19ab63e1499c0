import { MAX_PAGE_BYTES, type Page } from '@uehub/contracts';
import { AppError, toErrorBody } from '@uehub/errors';

/** NATS's default maximum payload, used when the server did not say. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * The reply as the bus carries it. A reply over the server's maximum payload would throw in
 * `respond()`; it becomes a small RESULT_TOO_LARGE error reply instead.
 */
export function encodeReply(reply: unknown, maxPayload: number): { text: string; tooLarge: boolean } {
  const text = JSON.stringify(reply);
  if (Buffer.byteLength(text, 'utf8') <= maxPayload) return { text, tooLarge: false };
  const error = new AppError('RESULT_TOO_LARGE', `The answer would be larger than the ${maxPayload} bytes the bus carries`);
  return { text: JSON.stringify({ ok: false, error: toErrorBody(error) }), tooLarge: true };
}

/**
 * A page from up to `limit + 1` rows in sort order: at most `limit` items and at most `maxBytes`
 * of JSON (always at least one item, so a page always makes progress). `nextCursor` is made from
 * the last item kept when more rows remain.
 */
export function fitPage<T>(rows: T[], limit: number, cursorOf: (item: T) => string, maxBytes = MAX_PAGE_BYTES): Page<T> {
  const items: T[] = [];
  let bytes = 2;
  for (const row of rows.slice(0, limit)) {
    bytes += Buffer.byteLength(JSON.stringify(row), 'utf8') + 1;
    if (items.length > 0 && bytes > maxBytes) break;
    items.push(row);
  }
  const more = rows.length > items.length;
  return { items, nextCursor: more && items.length ? cursorOf(items[items.length - 1]) : null };
}
