// Input generators of the fuzz test: valid values derived from a JSON Schema of the OpenAPI
// document, mixed with hostile ones (NUL, lone surrogates, huge numbers, year 0, forged cursors,
// wrong types, long strings).
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
};

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Strings an attacker would try in any text field. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    'x\ud800',
    '\udc00y',
    '\ud83d',
    "'; drop table x; --",
    '%00',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
    '10000-01-01T00:00:00Z',
    '2026-02-31T00:00:00Z',
    '9999999999999999999999',
    '1e400',
    '-1',
    'NaN',
    'null',
    b64('-'.repeat(36)),
    b64(JSON.stringify({ s: '99999999999999999999' })),
    b64(JSON.stringify({ s: '9223372036854775808' })),
    b64('["x"]'),
    b64('[1, "a", "b"]'),
    '!!!not-base64!!!',
    '01900000-0000-7000-8000-000000000000',
    ' ',
    '',
  ),
  fc.string({ maxLength: 40 }).map((s) => `${s}\u0000`),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.nat({ max: 3 }).map((n) => 'é'.repeat([300, 5001, 20_000, 70_000][n])),
);

const hostileNumber = fc.constantFrom(2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 63, 1e308, -1, -(2 ** 31), 0.5, Number.MAX_SAFE_INTEGER, 1e9, 1e10);
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant([1, 2]), fc.constant({ a: 'b' }));

/** Valid-looking values for one JSON Schema (resolving `$ref` through `refs`). */
export function validValue(schema: JsonSchema, refs: Record<string, JsonSchema>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return validValue(refs[schema.$ref.split('/').pop()!] ?? {}, refs, depth + 1);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => validValue(s, refs, depth + 1)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 60) });
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -10, -1e6), max: Math.min(schema.maximum ?? 1e6, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(validValue(schema.items ?? {}, refs, depth + 1), { maxLength: 3 });
    case 'object':
      return depth > 3 ? fc.constant({}) : objectValue(schema, refs, depth);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer());
  }
}

/** Valid or hostile values for one JSON Schema: mostly plausible, often hostile. */
export function fuzzValue(schema: JsonSchema, refs: Record<string, JsonSchema>, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: validValue(schema, refs, depth) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileNumber },
    { weight: 1, arbitrary: wrongType },
  );
}

function objectValue(schema: JsonSchema, refs: Record<string, JsonSchema>, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(props.map(([name, s]) => [name, fuzzValue(s, refs, depth + 1)]));
  return fc
    .record(fields, { requiredKeys: props.filter(([name]) => required.has(name) && name !== '').map(([name]) => name) })
    .chain((value) => fc.oneof({ weight: 5, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constant({ ...value, unexpected: 'x' }) }));
}

/**
 * Percent-encodes text for a URL as raw as it is: a lone surrogate (which encodeURIComponent
 * refuses) becomes its three generalized-UTF-8 bytes, which a server must refuse cleanly.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** A query-string or path value: anything rendered as text. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}
