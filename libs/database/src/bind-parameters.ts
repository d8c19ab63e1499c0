import { isRaw, Utils } from '@mikro-orm/core';

/** A statement whose values travel separately from its text (`$1`, `$2`, ... placeholders). */
export interface BoundStatement {
  sql: string;
  params: unknown[];
}

/** A value as the `pg` driver sends it: dates as exact UTC instants, plain objects as JSON. */
function bindValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString();
  if (Utils.isPlainObject(value)) return JSON.stringify(value);
  return value;
}

/**
 * Turns a MikroORM-style statement (`?` value, `??` identifier, `\?` a literal question mark;
 * an array value expands to a list, as the ORM's own formatting does) into one with numbered
 * placeholders and separate values. Identifiers are quoted into the text (they are never user
 * data); values never are. Undefined when a value is a raw SQL fragment (left to the ORM).
 */
export function bindParameters(sql: string, values: readonly unknown[], quoteIdentifier: (id: string) => string): BoundStatement | undefined {
  const params: unknown[] = [];
  let out = '';
  let next = 0;
  const placeholder = (value: unknown): string | undefined => {
    if (isRaw(value)) return undefined;
    if (Array.isArray(value)) {
      const parts = value.map((item: unknown) => placeholder(item));
      return parts.some((part) => part === undefined) ? undefined : parts.join(', ');
    }
    params.push(bindValue(value));
    return `$${params.length}`;
  };
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i];
    if (char === '\\' && sql[i + 1] === '?') {
      out += '?';
      i += 1;
    } else if (char === '?' && sql[i + 1] === '?') {
      out += quoteIdentifier(String(values[next++]));
      i += 1;
    } else if (char === '?') {
      const text = placeholder(values[next++]);
      if (text === undefined) return undefined;
      out += text;
    } else {
      out += char;
    }
  }
  return { sql: out, params };
}
