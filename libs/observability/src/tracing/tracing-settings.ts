/** How this process traces (OpenTelemetry's own variable names). */
export interface TracingSettings {
  /** false with `OTEL_SDK_DISABLED=true`: no span, no header, no trace id in logs. */
  enabled: boolean;
  /** Where spans go (OTLP over HTTP, `<endpoint>/v1/traces`); none: spans are made and dropped. */
  tracesUrl?: string;
  serviceName: string;
  /** A span per SQL query (the pg instrumentation); off with `OTEL_NODE_DISABLED_INSTRUMENTATIONS=pg`. */
  querySpans: boolean;
  /**
   * When exporting: the share of new traces (a request reaching the gateway, work a service starts
   * on its own) that is recorded, 0 to 1; a span with a parent follows its parent's decision, so
   * a trace is recorded whole or not at all (`ParentBased(TraceIdRatioBased(ratio))`).
   */
  sampleRatio: number;
  /** The batch span processor's settings, when the environment sets them (`OTEL_BSP_*`); else the SDK's defaults. */
  batch?: { scheduledDelayMillis?: number; maxQueueSize?: number; maxExportBatchSize?: number };
}

/** The share of new traces recorded by default: `OTEL_TRACES_SAMPLER_ARG` when not set. */
export const DEFAULT_SAMPLE_RATIO = 0.1;
const SAMPLERS = ['parentbased_traceidratio', 'parentbased_always_on', 'parentbased_always_off'];

/**
 * Reads `OTEL_SDK_DISABLED` (`true`/`false`), `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the full
 * URL) or `OTEL_EXPORTER_OTLP_ENDPOINT` (the base: `/v1/traces` is appended) and
 * `OTEL_SERVICE_NAME` (default: the process's own name), `OTEL_NODE_DISABLED_INSTRUMENTATIONS`
 * (comma-separated; `pg` turns the query spans off), and `OTEL_TRACES_SAMPLER` with
 * `OTEL_TRACES_SAMPLER_ARG` (default `parentbased_traceidratio` at `DEFAULT_SAMPLE_RATIO`;
 * `parentbased_always_on` records every trace), and `OTEL_BSP_SCHEDULE_DELAY`,
 * `OTEL_BSP_MAX_QUEUE_SIZE`, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` (the batches of the export). A bad
 * value throws, naming the variable.
 */
export function tracingSettingsFrom(env: Record<string, string | undefined>, processName: string): TracingSettings {
  const disabled = (env.OTEL_SDK_DISABLED ?? 'false').trim().toLowerCase();
  if (disabled !== 'true' && disabled !== 'false') throw new Error(`OTEL_SDK_DISABLED "${env.OTEL_SDK_DISABLED}" is not valid: use true or false`);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || processName;
  if (disabled === 'true') return { enabled: false, serviceName, querySpans: false, sampleRatio: 0 };
  const off = (env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = off.filter((name) => name !== 'pg');
  if (unknown.length > 0) throw new Error(`OTEL_NODE_DISABLED_INSTRUMENTATIONS names "${unknown.join(', ')}": the only instrumentation here is pg`);
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesUrl = signal ? checkedUrl(signal, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') : base ? `${checkedUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT').replace(/\/+$/, '')}/v1/traces` : undefined;
  const batch = {
    scheduledDelayMillis: positiveInteger(env, 'OTEL_BSP_SCHEDULE_DELAY'),
    maxQueueSize: positiveInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE'),
    maxExportBatchSize: positiveInteger(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
  };
  const batchSet = Object.values(batch).some((value) => value !== undefined);
  return { enabled: true, tracesUrl, serviceName, querySpans: !off.includes('pg'), sampleRatio: sampleRatioFrom(env), ...(batchSet ? { batch } : {}) };
}

function positiveInteger(env: Record<string, string | undefined>, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} "${env[name]}" is not valid: use a whole number above 0`);
  return value;
}

function sampleRatioFrom(env: Record<string, string | undefined>): number {
  const sampler = (env.OTEL_TRACES_SAMPLER ?? '').trim().toLowerCase() || SAMPLERS[0];
  if (!SAMPLERS.includes(sampler)) throw new Error(`OTEL_TRACES_SAMPLER "${env.OTEL_TRACES_SAMPLER}" is not supported: use ${SAMPLERS.join(', ')}`);
  if (sampler === 'parentbased_always_on') return 1;
  if (sampler === 'parentbased_always_off') return 0;
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!arg) return DEFAULT_SAMPLE_RATIO;
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`OTEL_TRACES_SAMPLER_ARG "${env.OTEL_TRACES_SAMPLER_ARG}" is not valid: use a ratio from 0 to 1`);
  return ratio;
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
