import type { RecordCondition } from './audit-chain.verifier';

/** `type` matches whole segments: `auth.user` is `auth.user` and `auth.user.*`, never `auth.username.*`. */
export function typePrefixCondition(type: string): RecordCondition {
  return { sql: '(event_type = ? or event_type like ?)', params: [type, `${escapeLike(type)}.%`] };
}

/** The records of an export: a type prefix, `occurred_at` from (inclusive) and to (exclusive). */
export function exportCondition(filter: { from: string | null; to: string | null; type: string | null }): RecordCondition | undefined {
  const parts: RecordCondition[] = [];
  if (filter.type) parts.push(typePrefixCondition(filter.type));
  if (filter.from) parts.push({ sql: 'occurred_at >= ?::timestamptz', params: [filter.from] });
  if (filter.to) parts.push({ sql: 'occurred_at < ?::timestamptz', params: [filter.to] });
  if (parts.length === 0) return undefined;
  return { sql: parts.map((part) => part.sql).join(' and '), params: parts.flatMap((part) => part.params) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
