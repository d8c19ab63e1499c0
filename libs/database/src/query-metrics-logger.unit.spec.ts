import { Writable } from 'node:stream';
import { pino } from 'pino';
import { metrics } from '@uehub/observability';
import { QueryMetricsLogger } from './query-metrics-logger';

const SECRET = 'hunter2-secret-value';

/** A logger writing JSON lines into `lines`, like the service logger does to stdout. */
function capture(): { lines: string[]; logger: QueryMetricsLogger; printed: string[] } {
  const lines: string[] = [];
  const printed: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = new QueryMetricsLogger(
    { writer: (message) => printed.push(message) },
    { service: 'unit', slowQueryMs: 1000, log: pino({ base: undefined }, sink) },
  );
  return { lines, logger, printed };
}

async function valueOf(metric: { get(): Promise<{ values: { value: number; labels: object; metricName?: string }[] }> }, name?: string) {
  const { values } = await metric.get();
  return values
    .filter((v) => (v.labels as { service?: string }).service === 'unit' && (!name || v.metricName === name))
    .reduce((sum, v) => sum + v.value, 0);
}

const slowCount = () => valueOf(metrics.dbSlowQueries);
const observedCount = () => valueOf(metrics.dbQueryDuration, 'uehub_db_query_duration_seconds_count');

describe('slow-query logger', () => {
  describe('when a query takes longer than the threshold', () => {
    it('should log one warn line without parameter values and count it', async () => {
      const { lines, logger, printed } = capture();
      const before = await slowCount();
      const query = `select * from auth.auth_credentials where password_hash = ? and note = ? ${'and 1 = 1 '.repeat(80)}`;
      logger.logQuery({
        query,
        params: [SECRET, 'x'],
        formatted: query.replace('?', `'${SECRET}'`),
        took: 1500,
        level: 'info',
      });
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!) as { level: number; msg: string; service: string; tookMs: number; query: string };
      expect(line).toMatchObject({ level: 40, msg: 'slow query', service: 'unit', tookMs: 1500 });
      expect(line.query.startsWith('select * from auth.auth_credentials where password_hash = ?')).toBe(true);
      expect(line.query.length).toBeLessThanOrEqual(500);
      expect(lines[0]).not.toContain(SECRET);
      expect(printed).toEqual([]);
      expect(await slowCount()).toBe(before + 1);
    });
  });

  describe('when a query is fast', () => {
    it('should log nothing and count nothing, but record its duration', async () => {
      const { lines, logger, printed } = capture();
      const slowBefore = await slowCount();
      const observedBefore = await observedCount();
      logger.logQuery({ query: 'select 1 where x = ?', params: [SECRET], took: 10 });
      expect(lines).toEqual([]);
      expect(printed).toEqual([]);
      expect(await slowCount()).toBe(slowBefore);
      expect(await observedCount()).toBe(observedBefore + 1);
    });
  });

  describe('when MikroORM asks whether to log queries or their parameters', () => {
    it('should say no, so queries keep their placeholders and nothing is printed', () => {
      const { logger } = capture();
      expect(logger.isEnabled('query')).toBe(false);
      expect(logger.isEnabled('query-params', { enabled: true })).toBe(false);
    });
  });
});
