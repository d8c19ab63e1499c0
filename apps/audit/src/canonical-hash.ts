/** The record hash rules live in @uehub/audit-verify (shared with the standalone verifier); the writer's timestamp form is here. */
export { canonicalJson, chainHash, GENESIS_HASH, sha256Hex } from '@uehub/audit-verify';

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
