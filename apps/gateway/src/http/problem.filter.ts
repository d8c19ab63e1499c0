import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError } from '@uehub/errors';
import { RETRY_AFTER_SECONDS } from '@uehub/messaging';
import { createLogger } from '@uehub/observability';
import type { Request, Response } from 'express';
import { fromFrameworkError, problemBody } from './http-client-errors';
import type { GatewayRequest } from './request-context';

const log = createLogger('gateway');

/** Every error leaves as `application/problem+json` (RFC 9457) with a stable `code`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const known = error instanceof AppError ? error : fromFrameworkError(error);
    const correlationId = (request as GatewayRequest).correlationId;
    if (!known) {
      log.error({ err: error instanceof Error ? error.stack : String(error), path: request.path, correlationId }, 'unhandled error');
    }
    const problem = known ?? new AppError('INTERNAL', 'An unexpected error occurred');
    if (problem.code === 'RATE_LIMITED') response.setHeader('Retry-After', '60');
    // the request never reached a service (or its database): a retry is safe, say when
    if (problem.code === 'SERVICE_UNAVAILABLE') response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(problem.status).type('application/problem+json').json(problemBody(problem, request.originalUrl, correlationId));
  }
}
