import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody } from '@uehub/contracts';
import { AppError, toErrorBody } from '@uehub/errors';
import { createLogger } from '@uehub/observability';
import type { Request, Response } from 'express';
import type { GatewayRequest } from './request-context';

const log = createLogger('gateway');

/** Maps framework errors (unknown route, unreadable JSON, body too large) onto our codes. */
function fromFramework(error: unknown): AppError | undefined {
  const status = error instanceof HttpException ? error.getStatus() : (error as { status?: number })?.status;
  if (status === 404) return new AppError('NOT_FOUND', 'No such route');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (status === 400) return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON');
  if (status === 405) return new AppError('NOT_FOUND', 'No such route for this method');
  return undefined;
}

/** Every error leaves as `application/problem+json` (RFC 9457) with a stable `code`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const known = error instanceof AppError ? error : fromFramework(error);
    if (!known) {
      const correlationId = (request as GatewayRequest).correlationId;
      log.error({ err: error instanceof Error ? error.stack : String(error), path: request.path, correlationId }, 'unhandled error');
    }
    const body: ErrorBody = toErrorBody(known ?? error);
    if (body.code === 'RATE_LIMITED') response.setHeader('Retry-After', '60');
    response
      .status(body.status)
      .type('application/problem+json')
      .json({ type: `urn:uehub:problem:${body.code.toLowerCase().replaceAll('_', '-')}`, ...body, instance: request.originalUrl });
  }
}
