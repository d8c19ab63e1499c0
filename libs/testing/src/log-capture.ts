import { configureLogging, logLevelFrom, setLogSink, type LogLevel } from '@uehub/observability';

export interface CapturedLogs {
  /** Everything written so far, as raw text (to look for a secret anywhere). */
  text(): string;
  /** The lines parsed as JSON. */
  lines(): Record<string, unknown>[];
  /** Back to stdout and the configured level. */
  stop(): void;
}

/** Diverts the process's log lines into memory at `level`, so a test can read what would be logged. */
export function captureLogs(level: LogLevel = 'info'): CapturedLogs {
  const written: string[] = [];
  setLogSink((line) => written.push(line));
  configureLogging({ level });
  return {
    text: () => written.join(''),
    lines: () => written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => {
      setLogSink(undefined);
      configureLogging({ level: logLevelFrom(process.env) });
    },
  };
}
