import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler, TracerProvider, type Sampler, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { setTracingEnabled } from './trace-context';
import type { TracingSettings } from './tracing-settings';

export interface Tracing {
  /** Sends what is buffered (the exporter's batch) and stops; tracing is off after it. */
  shutdown(): Promise<void>;
}

/**
 * Turns tracing on for this process (OpenTelemetry SDK): AsyncLocalStorage context, W3C trace
 * context propagation, a tracer provider exporting over OTLP/HTTP when `tracesUrl` is set (in
 * batches; the share `sampleRatio` of new traces recorded, the rest of a trace following its
 * root) or to the given exporter (tests: an in-memory one, span by span, every span recorded),
 * else recording nothing (ids only), and, when exporting, the pg
 * instrumentation (query spans under our transaction spans) unless `querySpans` is off. Call it before anything requires
 * `pg`. With `enabled: false` it does nothing at all.
 */
export function startTracing(settings: TracingSettings, testExporter?: SpanExporter): Tracing {
  if (!settings.enabled) return { shutdown: async () => undefined };
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const spanProcessors: SpanProcessor[] = [];
  if (testExporter) spanProcessors.push(new SimpleSpanProcessor({ exporter: testExporter }));
  else if (settings.tracesUrl) spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: settings.tracesUrl }), ...settings.batch }));
  // Without an exporter nothing would read a recorded span: spans are then non-recording (ids
  // made and propagated, so logs and every process still share the trace id) and queries untraced.
  const exporting = spanProcessors.length > 0;
  const sampler: Sampler = !exporting ? new AlwaysOffSampler() : testExporter ? new AlwaysOnSampler() : new ParentBasedSampler({ root: ratioSampler(settings.sampleRatio) });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': settings.serviceName }), spanProcessors, sampler });
  trace.setGlobalTracerProvider(provider);
  // query spans only under one of ours (not the relay's polling), without the pool's connect spans
  const instrumentations = exporting && settings.querySpans ? [new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true })] : [];
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations });
  setTracingEnabled(true);
  return {
    async shutdown() {
      setTracingEnabled(false);
      unregister();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

function ratioSampler(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

let processTracing: Tracing | undefined;

/**
 * A process entry's first statement: tracing as this process's environment says. It must run
 * before the modules it instruments are required. What is still buffered is sent by
 * `endProcessTracing` (a stopping service calls it last) or when the process runs out of work.
 */
export function startProcessTracing(settings: TracingSettings): Tracing {
  const tracing = startTracing(settings);
  processTracing = tracing;
  process.once('beforeExit', () => void endProcessTracing());
  return tracing;
}

/**
 * Sends the spans this process still buffers (the exporter's last batch) and stops its tracing:
 * the last step of a service's shutdown, after its last span ended (a process stopped by a
 * signal exits right after its shutdown hooks, and the batch would be lost). Does nothing in a
 * process that did not start its tracing with `startProcessTracing`, or a second time.
 */
export async function endProcessTracing(): Promise<void> {
  const tracing = processTracing;
  processTracing = undefined;
  await tracing?.shutdown();
}
