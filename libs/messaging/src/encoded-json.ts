import { MAX_PAGE_BYTES, type Page } from '@uehub/contracts';

/**
 * A value the service has already encoded as JSON (a page built once): the RPC server puts these
 * bytes into the reply as they are, and the gateway sends them to the HTTP client as they are,
 * so an answer is serialized once on its way instead of three times (service, gateway parse,
 * gateway send). `T` is the value the text encodes, for the types of handlers and callers.
 */
export class EncodedJson<T> {
  /** Only for the type checker: what `json` decodes to. */
  declare readonly decodesTo: T;

  constructor(readonly json: string) {}
}

/** A value as its JSON: the text of an `EncodedJson`, `JSON.stringify` of anything else. */
export function jsonOf(value: unknown): string | undefined {
  return value instanceof EncodedJson ? value.json : JSON.stringify(value);
}

/**
 * Up to `limit` of `rows` that fit in `maxBytes` of JSON (always at least one, so a page always
 * makes progress), each with its JSON text.
 */
function fitRows<T>(rows: T[], limit: number, maxBytes: number): { items: T[]; texts: string[] } {
  const items: T[] = [];
  const texts: string[] = [];
  let bytes = 2;
  for (const row of rows.slice(0, limit)) {
    const text = JSON.stringify(row);
    bytes += Buffer.byteLength(text, 'utf8') + 1;
    if (items.length > 0 && bytes > maxBytes) break;
    items.push(row);
    texts.push(text);
  }
  return { items, texts };
}

const nextCursorOf = <T>(rows: T[], items: T[], cursorOf: (item: T) => string): string | null =>
  rows.length > items.length && items.length ? cursorOf(items[items.length - 1]) : null;

/**
 * A page from up to `limit + 1` rows in sort order: at most `limit` items and at most `maxBytes`
 * of JSON (always at least one item, so a page always makes progress). `nextCursor` is made from
 * the last item kept when more rows remain.
 */
export function fitPage<T>(rows: T[], limit: number, cursorOf: (item: T) => string, maxBytes = MAX_PAGE_BYTES): Page<T> {
  const { items } = fitRows(rows, limit, maxBytes);
  return { items, nextCursor: nextCursorOf(rows, items, cursorOf) };
}

/** A page already encoded, with how many items it holds. */
export class EncodedPage<T> extends EncodedJson<Page<T>> {
  constructor(
    json: string,
    readonly count: number,
  ) {
    super(json);
  }
}

/**
 * The same page as `fitPage`, already encoded: each row is serialized once, for the size check
 * and for the answer alike. The text is byte for byte `JSON.stringify(fitPage(...))`.
 */
export function encodePage<T>(rows: T[], limit: number, cursorOf: (item: T) => string, maxBytes = MAX_PAGE_BYTES): EncodedPage<T> {
  const { items, texts } = fitRows(rows, limit, maxBytes);
  return new EncodedPage(`{"items":[${texts.join(',')}],"nextCursor":${JSON.stringify(nextCursorOf(rows, items, cursorOf))}}`, items.length);
}
