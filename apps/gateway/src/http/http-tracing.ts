import { contextOf, endServerSpan, SpanKind, startSpan, tracingEnabled, withSpan } from '@uehub/observability';
import type { NextFunction, Request, Response } from 'express';

/**
 * Opens the trace of an HTTP request: a server span (named `<METHOD> <route pattern>` once
 * routing matched, e.g. `POST /api/v1/inventory/items/:id/movements`), active for everything the
 * request does, so the gateway's calls to the services become its children. A caller's own W3C
 * `traceparent` is continued. Our own middleware rather than the http instrumentation: Nest 12's
 * Express adapter imports `node:http` as an ES module, which the instrumentation's `require` hook
 * never sees.
 */
export function httpTracingMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (!tracingEnabled()) return next();
  const parent = contextOf({ traceparent: req.header('traceparent'), tracestate: req.header('tracestate') });
  const span = startSpan(req.method, { kind: SpanKind.SERVER, parent, attributes: { 'http.request.method': req.method, 'url.path': req.path } });
  res.once('close', () => {
    const pattern: unknown = req.route?.path;
    endServerSpan(span, req.method, res.statusCode, typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : undefined);
  });
  withSpan(span, next);
}
