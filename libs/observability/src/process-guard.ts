/** Where the guard writes (a pino logger in the services). */
export interface ErrorLog {
  error(fields: Record<string, unknown>, message: string): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Keeps one request's unexpected failure from ending the process: an unhandled rejection or
 * uncaught exception is logged at error level (with the correlation id when it happened inside
 * a request) and the process keeps serving. Request handlers answer their own errors as
 * INTERNAL; this is the last line behind them. `npm start` restarts a process that dies anyway.
 */
export function guardProcess(log: ErrorLog): void {
  process.on('unhandledRejection', (reason) => log.error({ err: describe(reason) }, 'unhandled rejection; still running'));
  process.on('uncaughtException', (error) => log.error({ err: describe(error) }, 'uncaught exception; still running'));
}
