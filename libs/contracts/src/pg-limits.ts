import { z } from 'zod';

/** Largest value of a PostgreSQL `integer` (int4): stock quantities and versions are stored as such. */
export const PG_INT_MAX = 2_147_483_647;
/** Largest value of a PostgreSQL `bigint` (int8), e.g. the audit sequence. */
export const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;

/** True when the instant is within years 1 to 9999 once converted to UTC (what `timestamptz` takes and prints back). */
export function isStorableInstant(value: string): boolean {
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** An ISO 8601 date-time with offset that PostgreSQL stores: year 1 to 9999 in UTC. */
export const pgDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine(isStorableInstant, 'must be a real date between the years 1 and 9999 (in UTC)');

/** True when a decimal string is a non-negative `bigint` PostgreSQL can hold. */
export function isPgBigint(digits: string): boolean {
  return /^\d{1,19}$/.test(digits) && BigInt(digits) <= PG_BIGINT_MAX;
}
