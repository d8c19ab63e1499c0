import { metrics } from '@uehub/observability';
import type { NextFunction, Request, Response } from 'express';

/**
 * Times every HTTP request once, labelled by the matched route pattern (`/api/v1/users/:id`,
 * never the raw URL, so the label set stays small); requests no route matched are `unmatched`.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = metrics.httpRequestDuration.startTimer();
  res.once('finish', () => {
    const pattern: unknown = req.route?.path;
    const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}
