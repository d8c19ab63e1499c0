import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';

interface LogContext {
  correlationId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Keys whose values never reach a log line. */
export const LOG_REDACT_PATHS = [
  'password',
  '*.password',
  'refreshToken',
  '*.refreshToken',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'passwordHash',
  '*.passwordHash',
];

const root: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'error' : 'info'),
  redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => {
    const correlationId = context.getStore()?.correlationId;
    return correlationId ? { correlationId } : {};
  },
});

/** A structured JSON logger for one component; every line carries the current correlation id. */
export function createLogger(component: string): Logger {
  return root.child({ component });
}

/** Runs work with a correlation id that every log line inside it carries. */
export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return context.run({ correlationId }, work);
}

export type { Logger };
