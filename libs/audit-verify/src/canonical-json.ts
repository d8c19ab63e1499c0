import { createHash } from 'node:crypto';

/** `prev_hash` of the first record of the chain, and `prevDigest` of the first checkpoint. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted (UTF-16 code units, recursively), no whitespace,
 * numbers and strings as JSON.stringify writes them (the rules of RFC 8785). Object
 * members that are undefined are left out, as in JSON; anything JSON cannot carry throws.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonical JSON cannot carry the number ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      return canonicalObject(value);
    default:
      throw new Error(`canonical JSON cannot carry a value of type ${typeof value}`);
  }
}

function canonicalObject(value: object): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new Error('canonical JSON carries plain objects only (convert dates and class instances first)');
  }
  const entries = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The chain hash of one record: sha256 over its canonical JSON (the record includes `prev_hash`). */
export function chainHash(record: object): string {
  return sha256Hex(canonicalJson(record));
}
