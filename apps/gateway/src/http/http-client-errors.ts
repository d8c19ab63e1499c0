import { HttpException } from '@nestjs/common';
import { AppError, toErrorBody } from '@uehub/errors';
import { createLogger } from '@uehub/observability';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const log = createLogger('gateway');

/** body-parser's error types (its `type` field) → our codes; all are the client's fault. */
const BODY_ERRORS: Record<string, () => AppError> = {
  'charset.unsupported': () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'The body charset is not supported; send UTF-8 JSON'),
  'encoding.unsupported': () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'The Content-Encoding is not supported; send the body unencoded'),
  'entity.too.large': () => new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large'),
  'entity.parse.failed': () => new AppError('VALIDATION_FAILED', 'The request body is not valid JSON'),
  'entity.verify.failed': () => new AppError('VALIDATION_FAILED', 'The request body is not valid'),
  'request.aborted': () => new AppError('MALFORMED_REQUEST', 'The request body was cut off'),
  'request.size.invalid': () => new AppError('MALFORMED_REQUEST', 'The request body does not match its Content-Length'),
  'stream.encoding.set': () => new AppError('MALFORMED_REQUEST', 'The request body could not be read'),
  'stream.not.readable': () => new AppError('MALFORMED_REQUEST', 'The request body could not be read'),
};

/** Maps the framework's own errors (unknown route, body parser, other 4xx) onto our codes; undefined for a real fault. */
export function fromFrameworkError(error: unknown): AppError | undefined {
  const type = (error as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string' && BODY_ERRORS[type]) return BODY_ERRORS[type]();
  const status = error instanceof HttpException ? error.getStatus() : (error as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number') return undefined;
  if (status === 404 || status === 405) return new AppError('NOT_FOUND', 'No such route');
  // Nest turns a JSON syntax error of the body parser into a plain 400
  if (status === 400) return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The body encoding or charset is not supported');
  if (status === 431) return new AppError('HEADERS_TOO_LARGE', 'The request headers are too large');
  if (status >= 400 && status < 500) return new AppError('MALFORMED_REQUEST', 'The request could not be read');
  return undefined;
}

/** The RFC 9457 body of an error, with the request id. */
export function problemBody(error: AppError, instance: string | undefined, requestId: string): Record<string, unknown> {
  const body = toErrorBody(error);
  return { type: `urn:uehub:problem:${body.code.toLowerCase().replaceAll('_', '-')}`, ...body, instance, requestId };
}

/** A request target that is not a path (`GET *`, `GET http://...`) never reaches routing: 400 problem+json. */
export function requirePathTarget(req: Request, res: Response, next: NextFunction): void {
  if (req.url.startsWith('/')) return next();
  const requestId = res.getHeader('x-request-id')?.toString() ?? randomUUID();
  res.status(400).type('application/problem+json').json(problemBody(new AppError('MALFORMED_REQUEST', 'The request target must be a path'), undefined, requestId));
}

/** Node's HTTP parser codes → our answer; anything else it refuses is MALFORMED_REQUEST. */
function clientErrorOf(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError('HEADERS_TOO_LARGE', 'The request headers are too large (16 kB at most)');
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return new AppError('MALFORMED_REQUEST', 'The chunk extensions are too large');
  return new AppError('MALFORMED_REQUEST', 'The HTTP request is malformed');
}

/**
 * Answers requests that Node's HTTP parser refuses (CR/LF in a header, bad chunking, duplicate
 * Content-Length, headers over the limit) with problem+json and a request id, instead of
 * Node's bare 400/431 without a body. Logged at warn: a client's fault, not ours.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const code = error.code;
    // a reset or timed-out connection has nobody left to read an answer
    if (code === 'ECONNRESET' || code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable) return void socket.destroy();
    const problem = clientErrorOf(code);
    const requestId = randomUUID();
    const body = JSON.stringify(problemBody(problem, undefined, requestId));
    log.warn({ code, requestId, status: problem.status }, 'malformed HTTP request refused');
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
