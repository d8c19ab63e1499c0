import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry: default Node metrics plus the named UE Hub metrics.
 * Series carry a `service` (or `durable`, `pattern`) label, so several services in one
 * process (tests) stay apart. Gauges are read at scrape time from sources registered by
 * whoever owns the resource (pool, outbox, consumer).
 */
const registry = new Registry();
let defaultsStarted = false;

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A scrape never waits longer than this for one source (a database or broker that hangs). */
const SOURCE_TIMEOUT_MS = 2000;

const registers = [registry];

export const metrics = {
  httpRequestDuration: new Histogram({
    name: 'uehub_http_request_duration_seconds',
    help: 'HTTP requests served by the gateway, by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  }),
  rpcDuration: new Histogram({
    name: 'uehub_rpc_duration_seconds',
    help: 'NATS request/reply handling time in the serving service',
    labelNames: ['pattern', 'outcome'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  }),
  dbQueryDuration: new Histogram({
    name: 'uehub_db_query_duration_seconds',
    help: 'Database query durations',
    labelNames: ['service'] as const,
    buckets: QUERY_BUCKETS,
    registers,
  }),
  dbSlowQueries: new Counter({
    name: 'uehub_db_slow_queries_total',
    help: 'Queries slower than SLOW_QUERY_MS',
    labelNames: ['service'] as const,
    registers,
  }),
  outboxPublished: new Counter({
    name: 'uehub_outbox_published_total',
    help: 'Outbox rows published to JetStream and marked',
    labelNames: ['service'] as const,
    registers,
  }),
  outboxPublishFailures: new Counter({
    name: 'uehub_outbox_publish_failures_total',
    help: 'Outbox rows JetStream did not accept while it accepted others (counted against the row)',
    labelNames: ['service'] as const,
    registers,
  }),
  outboxParked: new Counter({
    name: 'uehub_outbox_parked_total',
    help: 'Outbox rows parked after too many failed publishes (listed with the dead letters)',
    labelNames: ['service'] as const,
    registers,
  }),
  consumerEvents: new Counter({
    name: 'uehub_consumer_events_total',
    help: 'Events handled by durable consumers',
    labelNames: ['durable', 'outcome'] as const,
    registers,
  }),
  auditVerificationOk: new Gauge({
    name: 'uehub_audit_verification_ok',
    help: 'Last scheduled verification of the audit log (hash chain, signed checkpoints, copies outside the database): 1 nothing found, 0 a finding or an error',
    labelNames: ['service'] as const,
    registers,
  }),
  auditVerificationLastRun: new Gauge({
    name: 'uehub_audit_verification_last_run_timestamp_seconds',
    help: 'When the last scheduled verification of the audit log ended (Unix time)',
    labelNames: ['service'] as const,
    registers,
  }),
  auditVerifications: new Counter({
    name: 'uehub_audit_verifications_total',
    help: 'Scheduled verifications of the audit log by outcome (ok, finding, error)',
    labelNames: ['service', 'outcome'] as const,
    registers,
  }),
};

export type ConsumerOutcome = 'applied' | 'duplicate' | 'dead_lettered';

/**
 * Reads a value at scrape time. A read that fails or times out leaves its series out of that
 * scrape; a read that returns `undefined` (synchronously) says the resource is gone for good.
 */
type Read<T> = () => T | undefined | Promise<T>;

/**
 * Scrape-time sources of one gauge, keyed by their labels (`K`, a subset of the gauge's `L`);
 * the last registration of a label set wins.
 */
class GaugeSources<L extends string, K extends L, T> {
  private readonly sources = new Map<string, { labels: Record<K, string>; read: Read<T> }>();

  constructor(
    name: string,
    help: string,
    labelNames: readonly L[],
    write: (gauge: Gauge<L>, labels: Record<K, string>, value: T) => void,
  ) {
    const sources = this.sources;
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const results = await Promise.all(
          [...sources].map(async ([key, source]) => ({ key, source, result: await readSource(source.read) })),
        );
        this.reset(); // after every read, so concurrent scrapes never see a half-written gauge
        for (const { key, source, result } of results) {
          if (result.state === 'gone' && sources.get(key) === source) sources.delete(key);
          else if (result.state === 'ok') write(this, source.labels, result.value);
        }
      },
    });
  }

  /** Registers a source; the returned function removes it (only if it is still the registered one). */
  add(labels: Record<K, string>, read: Read<T>): () => void {
    const key = JSON.stringify(labels);
    const source = { labels, read };
    this.sources.set(key, source);
    return () => {
      if (this.sources.get(key) === source) this.sources.delete(key);
    };
  }
}

type ReadResult<T> = { state: 'ok'; value: T } | { state: 'gone' } | { state: 'failed' };

async function readSource<T>(read: Read<T>): Promise<ReadResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = read();
    if (result === undefined) return { state: 'gone' };
    const timeout = new Promise<ReadResult<T>>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'failed' }), SOURCE_TIMEOUT_MS);
      timer.unref();
    });
    const value = Promise.resolve(result).then((v): ReadResult<T> => ({ state: 'ok', value: v }));
    return await Promise.race([value, timeout]);
  } catch {
    return { state: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

export interface PoolCounts {
  total: number;
  idle: number;
  waiting: number;
}

const pools = new GaugeSources<'service' | 'state', 'service', PoolCounts>(
  'uehub_db_pool_connections',
  'Connections of the database pool: total, idle, and clients waiting for one',
  ['service', 'state'],
  (gauge, { service }, counts) => {
    for (const state of ['total', 'idle', 'waiting'] as const) gauge.set({ service, state }, counts[state]);
  },
);

const outbox = new GaugeSources<'service', 'service', number>(
  'uehub_outbox_pending',
  'Outbox rows not yet published',
  ['service'],
  (gauge, labels, value) => gauge.set(labels, value),
);

const consumers = new GaugeSources<'service' | 'durable', 'service' | 'durable', number>(
  'uehub_consumer_pending',
  'Events not yet delivered or not yet acknowledged, per durable consumer',
  ['service', 'durable'],
  (gauge, labels, value) => gauge.set(labels, value),
);

/** Reports a pool's connection counts at scrape time; `read` returns undefined once the pool has ended. */
export function trackPoolConnections(service: string, read: Read<PoolCounts>): () => void {
  return pools.add({ service }, read);
}

/** Reports a service's pending outbox rows at scrape time. */
export function trackOutboxPending(service: string, count: Read<number>): () => void {
  return outbox.add({ service }, count);
}

/** Reports a durable consumer's backlog (pending + unacknowledged) at scrape time. */
export function trackConsumerPending(service: string, durable: string, count: Read<number>): () => void {
  return consumers.add({ service, durable }, count);
}

/** The registry in Prometheus text format (starts the default Node metrics on first use). */
export async function metricsText(): Promise<string> {
  if (!defaultsStarted) {
    defaultsStarted = true;
    collectDefaultMetrics({ register: registry });
  }
  return registry.metrics();
}

export const METRICS_CONTENT_TYPE = registry.contentType;
