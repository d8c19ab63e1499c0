import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { createLogger } from './logger';

/**
 * One JSON access line per HTTP request, written when the answer is sent: method, path,
 * status, duration (ms) and the correlation id (the `x-request-id` the gateway echoes).
 * Requests and answers are reduced to those fields, so headers (authorization, cookies)
 * and bodies never reach the line; the root logger's redaction is a second net.
 */
/**
 * 503 and 504 are answers the gateway chose (a service is down or late, said to the client
 * with a stable code): a warning. Any other 5xx, or a failure while answering, is an error.
 */
export function accessLogLevel(statusCode: number, error?: Error): 'info' | 'warn' | 'error' {
  if (statusCode === 503 || statusCode === 504) return 'warn';
  return error || statusCode >= 500 ? 'error' : 'info';
}

export function httpAccessLog(): HttpLogger {
  return pinoHttp({
    logger: createLogger('http'),
    genReqId: (_req: IncomingMessage, res: ServerResponse) => {
      const echoed = res.getHeader('x-request-id');
      return typeof echoed === 'string' ? echoed : randomUUID();
    },
    customProps: (req) => ({ correlationId: req.id }),
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      // pino-http makes an Error for every 5xx answer; its stack says only where pino-http made it
      err: (err: Error) => ({ message: err.message }),
    },
    customLogLevel: (_req, res, error) => accessLogLevel(res.statusCode, error),
    customSuccessMessage: (req, res) => `${req.method} ${req.url?.split('?')[0]} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.url?.split('?')[0]} ${res.statusCode}`,
  });
}
