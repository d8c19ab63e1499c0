import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';

/**
 * Our own spans and the W3C trace context they travel with (NATS headers, the outbox row).
 * Everything here is a no-op until `startTracing` turned tracing on: with tracing off (the
 * default until a process starts it, and `OTEL_SDK_DISABLED=true`) no span, header or context
 * object is made, so the hot path pays one boolean test.
 */
let enabled = false;

/** Called by `startTracing` (and the tests' in-memory set-up) only. */
export function setTracingEnabled(on: boolean): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

/** The W3C trace context headers (`traceparent`, and `tracestate` when there is one). */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export { SpanKind };
export type { Context, Span };

/** The current span's context as W3C headers; undefined when tracing is off or no span is active. */
export function currentTraceCarrier(): TraceCarrier | undefined {
  if (!enabled) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The parent of a span that starts a trace of its own (the empty root context). */
export const NEW_TRACE: Context = ROOT_CONTEXT;

/** The context a received carrier names (a remote parent); the empty root context without one. */
export function contextOf(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The carrier stored as text (the outbox row's `trace_context`), or undefined when it is not one. */
export function carrierFromText(text: string | null | undefined): TraceCarrier | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { traceparent, tracestate } = parsed as Record<string, unknown>;
    if (typeof traceparent !== 'string') return undefined;
    return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
  } catch {
    return undefined;
  }
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** The parent (a remote one from a carrier); default: the active context. */
  parent?: Context;
  /** Spans this one is related to without being their child (a client's own trace). */
  links?: Link[];
}

/**
 * Runs `work` in a new span (the active one inside it), ended when the work settles; a thrown
 * error is recorded, and marks the span failed unless it is a client's error (status < 500).
 * With tracing off it only runs `work`.
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span?: Span) => Promise<T>): Promise<T> {
  if (!enabled) return work();
  const parent = options.parent ?? context.active();
  const span = trace.getTracer('uehub').startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (several at once: a batch of events); undefined with tracing off. */
export function startSpan(name: string, options: SpanOptions): Span | undefined {
  if (!enabled) return undefined;
  return trace.getTracer('uehub').startSpan(name, { kind: options.kind, attributes: options.attributes, links: options.links }, options.parent ?? context.active());
}

/**
 * A link to the span a carrier names (a client's `traceparent`), or none when it names no valid
 * one: the client's trace is recorded as related, never continued.
 */
export function linkTo(carrier: TraceCarrier | undefined): Link[] | undefined {
  const remote = carrier?.traceparent ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier)) : undefined;
  return remote && trace.isSpanContextValid(remote) ? [{ context: remote }] : undefined;
}

/** Runs `work` with `span` active (as is, when there is none). */
export function withSpan<T>(span: Span | undefined, work: () => T): T {
  if (!span) return work();
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Records an error on a span: failed, unless the error is the client's (an AppError below 500). */
export function markFailed(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const { code, status } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; status?: unknown };
  if (typeof code === 'string') span.setAttribute('error.type', code);
  if (typeof status === 'number' && status < 500) return;
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The ids a log line carries: those of the active span, when tracing is on. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  if (!enabled) return undefined;
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** Ends an HTTP server span: named after the matched route, failed on a 5xx (a 4xx is the client's). */
export function endServerSpan(span: Span | undefined, method: string, statusCode: number, route: string | undefined): void {
  if (!span) return;
  if (route) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
