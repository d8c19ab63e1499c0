import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';
import { activeTraceIds } from './tracing/trace-context';

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
  'currentPassword',
  '*.currentPassword',
  'newPassword',
  '*.newPassword',
  'cookie',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** The levels `LOG_LEVEL` may name (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// The level is not read from the environment here (a module must not read configuration at
// import time): the config loaders read LOG_LEVEL and the entry point calls configureLogging.
// stdout, unless a test diverts the lines (setLogSink) to read what would have been written
const stdout = pino.destination({ dest: 1, sync: true });
let divert: ((line: string) => void) | undefined;

const root: Logger = pino({
  level: 'info',
  redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => {
    const correlationId = context.getStore()?.correlationId;
    const traceIds = activeTraceIds();
    if (traceIds) return correlationId ? { correlationId, ...traceIds } : traceIds;
    return correlationId ? { correlationId } : {};
  },
}, { write: (line: string) => (divert ? divert(line) : stdout.write(line)) });

/** Tests only: sends every log line to `write` instead of stdout (undefined restores stdout). */
export function setLogSink(write: ((line: string) => void) | undefined): void {
  divert = write;
}

// A pino child copies its parent's level when it is made, so configureLogging sets each one;
// one child per component keeps this set bounded.
const children = new Map<string, Logger>();

/** A structured JSON logger for one component; every line carries the current correlation id. */
export function createLogger(component: string): Logger {
  let child = children.get(component);
  if (!child) {
    child = root.child({ component });
    children.set(component, child);
  }
  return child;
}

/** Applies the configured level to every logger, made before or after this call. */
export function configureLogging(options: { level: LogLevel }): void {
  root.level = options.level;
  for (const child of children.values()) child.level = options.level;
}

/** `LOG_LEVEL` from the given variables (default `error` under tests, else `info`); an unknown level throws. */
export function logLevelFrom(env: Record<string, string | undefined>): LogLevel {
  const level = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'error' : 'info');
  const known = LOG_LEVELS.find((candidate) => candidate === level);
  if (!known) throw new Error(`LOG_LEVEL "${level}" is not valid: use one of ${LOG_LEVELS.join(', ')}`);
  return known;
}

/** The logger everything else derives from (the HTTP access log writes through it). */
export function rootLogger(): Logger {
  return root;
}

/** Runs work with a correlation id that every log line inside it carries. */
export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return context.run({ correlationId }, work);
}

export type { Logger };
