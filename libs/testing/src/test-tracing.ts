import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing } from '@uehub/observability';

/** A finished span as tests compare it: name, kind, and who its parent is. */
export interface SpanSummary {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: ReadableSpan['attributes'];
  /** The spans it links to (not its parents), as trace and span ids. */
  links: { traceId: string; spanId: string }[];
}

export interface TestTracing {
  /** Every span finished so far, in the order they ended. */
  spans(): SpanSummary[];
  reset(): void;
  stop(): Promise<void>;
}

/** Tracing on in this test process (the SDK as the services start it), spans kept in memory. */
export function startTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ enabled: true, serviceName: 'uehub-test', querySpans: false, sampleRatio: 1 }, exporter);
  return {
    spans: () =>
      exporter.getFinishedSpans().map((span) => ({
        name: span.name,
        kind: span.kind,
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        attributes: span.attributes,
        links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId })),
      })),
    reset: () => exporter.reset(),
    stop: () => tracing.shutdown(),
  };
}
