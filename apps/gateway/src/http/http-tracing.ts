import { endServerSpan, linkTo, NEW_TRACE, SpanKind, startSpan, tracingEnabled, withSpan } from '@uehub/observability';
import type { NextFunction, Request, Response } from 'express';

/**
 * Opens the trace of an HTTP request: a server span (named `<METHOD> <route pattern>` once
 * routing matched, e.g. `POST /api/v1/inventory/items/:id/movements`), active for everything the
 * request does, so the gateway's calls to the services become its children. Every request starts
 * a trace of ours (our ids, our sampling decision): a caller's own W3C `traceparent` is not
 * continued, which would let any client choose our trace ids and force its requests to be
 * recorded, but kept as a link on the span, so its trace and ours can still be put together.
 * Our own middleware rather than the http instrumentation: Nest 12's Express adapter imports
 * `node:http` as an ES module, which the instrumentation's `require` hook never sees.
 */
export function httpTracingMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (!tracingEnabled()) return next();
  const links = linkTo({ traceparent: req.header('traceparent'), tracestate: req.header('tracestate') });
  const span = startSpan(req.method, { kind: SpanKind.SERVER, parent: NEW_TRACE, links, attributes: { 'http.request.method': req.method, 'url.path': req.path } });
  res.once('close', () => {
    const pattern: unknown = req.route?.path;
    endServerSpan(span, req.method, res.statusCode, typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : undefined);
  });
  withSpan(span, next);
}
