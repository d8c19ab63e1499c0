import { DefaultLogger, type LogContext, type LoggerNamespace, type LoggerOptions } from '@mikro-orm/core';
import { createLogger, metrics, type Logger } from '@uehub/observability';

/** Queries slower than this (ms) are logged and counted unless `SLOW_QUERY_MS` says otherwise. */
export const DEFAULT_SLOW_QUERY_MS = 1000;
/** Longest query text a slow-query line carries. */
const MAX_QUERY_CHARS = 500;

export interface QueryMetricsOptions {
  service: string;
  slowQueryMs?: number;
  /** Where slow queries are logged (tests pass their own). */
  log?: Pick<Logger, 'warn'>;
}

const defaultLog = createLogger('db');

/**
 * MikroORM calls `logQuery` for every query with its duration, whatever the debug setting.
 * This logger records the duration, and logs and counts a query slower than the threshold
 * once, as one JSON line with the SQL text only: parameter values (which may hold secrets)
 * are never logged, and query logging stays off so queries keep their placeholders and
 * nothing is printed. Other ORM messages (discovery, deprecations) go through the default logger.
 */
export class QueryMetricsLogger extends DefaultLogger {
  private readonly service: string;
  private readonly slowQueryMs: number;
  private readonly slowLog: Pick<Logger, 'warn'>;

  constructor(options: LoggerOptions, metricsOptions: QueryMetricsOptions) {
    super({ ...options, debugMode: false });
    this.service = metricsOptions.service;
    this.slowQueryMs = metricsOptions.slowQueryMs ?? DEFAULT_SLOW_QUERY_MS;
    this.slowLog = metricsOptions.log ?? defaultLog;
  }

  override isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    if (namespace === 'query' || namespace === 'query-params' || namespace === 'slow-query') return false;
    return super.isEnabled(namespace, context);
  }

  override logQuery(context: LogContext): void {
    const took = context.took;
    if (typeof took !== 'number' || context.namespace === 'slow-query') return;
    metrics.dbQueryDuration.observe({ service: this.service }, took / 1000);
    if (took < this.slowQueryMs) return;
    metrics.dbSlowQueries.inc({ service: this.service });
    const query = String(context.query ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_CHARS);
    this.slowLog.warn({ service: this.service, tookMs: took, query, failed: context.level === 'error' || undefined }, 'slow query');
  }
}
