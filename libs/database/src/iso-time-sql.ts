/**
 * SQL that formats a `timestamptz` column as the API writes times: ISO 8601 in UTC with
 * milliseconds (`2026-11-28T04:30:00.123Z`), exactly what `Date.prototype.toISOString` gives for
 * the same value (both drop the microseconds). Reads select times this way so that no row's
 * times are converted in JavaScript (`new Date(...).toISOString()` per row and column).
 * For times between the years 1 and 9999; `column` is SQL written by the caller, never input.
 */
export const ISO_MS_UTC = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
