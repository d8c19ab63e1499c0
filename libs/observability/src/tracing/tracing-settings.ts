/** How this process traces (OpenTelemetry's own variable names). */
export interface TracingSettings {
  /** false with `OTEL_SDK_DISABLED=true`: no span, no header, no trace id in logs. */
  enabled: boolean;
  /** Where spans go (OTLP over HTTP, `<endpoint>/v1/traces`); none: spans are made and dropped. */
  tracesUrl?: string;
  serviceName: string;
  /** A span per SQL query (the pg instrumentation); off with `OTEL_NODE_DISABLED_INSTRUMENTATIONS=pg`. */
  querySpans: boolean;
}

/**
 * Reads `OTEL_SDK_DISABLED` (`true`/`false`), `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the full
 * URL) or `OTEL_EXPORTER_OTLP_ENDPOINT` (the base: `/v1/traces` is appended) and
 * `OTEL_SERVICE_NAME` (default: the process's own name), and `OTEL_NODE_DISABLED_INSTRUMENTATIONS`
 * (comma-separated; `pg` turns the query spans off). A bad value throws, naming the variable.
 */
export function tracingSettingsFrom(env: Record<string, string | undefined>, processName: string): TracingSettings {
  const disabled = (env.OTEL_SDK_DISABLED ?? 'false').trim().toLowerCase();
  if (disabled !== 'true' && disabled !== 'false') throw new Error(`OTEL_SDK_DISABLED "${env.OTEL_SDK_DISABLED}" is not valid: use true or false`);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || processName;
  if (disabled === 'true') return { enabled: false, serviceName, querySpans: false };
  const off = (env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = off.filter((name) => name !== 'pg');
  if (unknown.length > 0) throw new Error(`OTEL_NODE_DISABLED_INSTRUMENTATIONS names "${unknown.join(', ')}": the only instrumentation here is pg`);
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesUrl = signal ? checkedUrl(signal, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') : base ? `${checkedUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT').replace(/\/+$/, '')}/v1/traces` : undefined;
  return { enabled: true, tracesUrl, serviceName, querySpans: !off.includes('pg') };
}

/** The settings of this process, from its environment. */
export function loadTracingSettings(processName: string): TracingSettings {
  return tracingSettingsFrom(process.env, processName);
}

function checkedUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} "${value}" must be an http(s) URL (OTLP over HTTP)`);
  return value;
}
