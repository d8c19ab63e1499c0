export { createLogger, withCorrelation } from './logger';
export type { Logger } from './logger';
export { metrics, metricsText, METRICS_CONTENT_TYPE, trackPoolConnections, trackOutboxPending, trackConsumerPending } from './metrics';
export type { ConsumerOutcome, PoolCounts } from './metrics';
export { guardProcess } from './process-guard';
