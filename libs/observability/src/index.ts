export { createLogger, withCorrelation } from './logger';
export type { Logger } from './logger';
