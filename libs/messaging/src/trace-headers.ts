import { headers, type MsgHdrs } from '@nats-io/transport-node';
import { currentTraceCarrier, type TraceCarrier } from '@uehub/observability';

/** NATS headers carrying the active span's W3C trace context; undefined when tracing is off (no header object is made). */
export function traceHeaders(): MsgHdrs | undefined {
  const carrier = currentTraceCarrier();
  if (!carrier?.traceparent) return undefined;
  const h = headers();
  h.set('traceparent', carrier.traceparent);
  if (carrier.tracestate) h.set('tracestate', carrier.tracestate);
  return h;
}

/** The W3C trace context a received message's headers carry, if any. */
export function traceCarrierOf(h: MsgHdrs | undefined): TraceCarrier | undefined {
  const traceparent = h?.get('traceparent');
  if (!traceparent) return undefined;
  const tracestate = h?.get('tracestate');
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
