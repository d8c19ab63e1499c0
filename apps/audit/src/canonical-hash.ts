import { createHash } from 'node:crypto';

/** `prev_hash` of the first record of the chain. */
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

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):?(\d{2})?)$/i;

/**
 * A timestamp as PostgreSQL stores a timestamptz: UTC with exactly six fraction digits
 * (`2026-01-02T03:04:05.678000Z`); extra digits are cut. Hashing this form, and storing
 * it, lets a verifier rebuild the same text from the table.
 */
export function canonicalTimestamp(iso: string): string {
  const match = ISO_TIMESTAMP.exec(iso);
  if (!match) throw new Error(`"${iso}" is not an ISO 8601 timestamp`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const fraction = (match[7] ?? '').padEnd(6, '0').slice(0, 6);
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day); // Date.UTC would read years below 100 as 19xx
  local.setUTCHours(hour, minute, second, 0);
  const rolledOver = local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day || local.getUTCHours() !== hour;
  if (Number.isNaN(local.getTime()) || rolledOver || minute > 59 || second > 59) {
    throw new Error(`"${iso}" is not a valid timestamp`);
  }
  const offsetMinutes = match[9] ? (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11] ?? 0)) : 0;
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19)}.${fraction}Z`;
}
