import { Migration } from '@mikro-orm/migrations';
import { currentTraceCarrier } from '@uehub/observability';
import type { StoreTables } from './tables';

/**
 * The trace context of the request that appended an event, kept on its outbox row so that the
 * relay (another path, later) publishes it as a child of that request. The command transaction
 * puts the context in a transaction-local setting (in the one statement of its other settings), and the column's default reads it: the
 * append statements stay as they are, and a row appended outside a traced transaction gets none.
 */
const SETTING = 'uehub.trace_context';

/** The outbox column (nullable; adding it with a stable default rewrites nothing). */
export function outboxTraceContextDdl(t: StoreTables): string[] {
  return [`alter table ${t.outbox} add column if not exists trace_context text default nullif(current_setting('${SETTING}', true), '')`];
}

/** The migration that adds `trace_context` to a service's outbox. */
export function outboxTraceContextMigration(tables: StoreTables): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class OutboxTraceContextMigration extends Migration {
    override async up(): Promise<void> {
      for (const sql of outboxTraceContextDdl(tables)) this.addSql(sql);
    }
  };
}

/** The active span's context as a transaction-local setting, for `setLocal` (none when tracing is off or no span is active). */
export function traceContextSettings(): Record<string, string> {
  const carrier = currentTraceCarrier();
  return carrier ? { [SETTING]: JSON.stringify(carrier) } : {};
}
