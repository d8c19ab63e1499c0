export { configureLogging, createLogger, LOG_LEVELS, LOG_REDACT_PATHS, logLevelFrom, rootLogger, setLogSink, withCorrelation } from './logger';
export type { Logger, LogLevel } from './logger';
export { metrics, metricsText, METRICS_CONTENT_TYPE, trackPoolConnections, trackOutboxPending, trackConsumerPending } from './metrics';
export type { ConsumerOutcome, PoolCounts } from './metrics';
export { guardProcess } from './process-guard';
export { httpAccessLog } from './http-access-log';
export { nestLogger } from './nest-logger';
