import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { AppError } from '@uehub/errors';
import { runInCallScope } from '@uehub/messaging';
import type { Response } from 'express';
import { type Observable, tap } from 'rxjs';
import type { GatewayRequest } from './request-context';

const COMMAND_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** An sf-string (RFC 8941), as the IETF httpapi draft defines the header: quoted, printable ASCII, `\"` and `\\` escapes. */
const QUOTED = /^"((?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\["\\])*)"$/;
/** Many clients send the key bare (Stripe style): visible ASCII without spaces or quotes. */
const BARE = /^[\x21\x23-\x7E]+$/;

/** Reads `Idempotency-Key` (quoted or bare, 1 to 255 characters); absent gives undefined, anything else is 400. */
export function idempotencyKeyFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  const quoted = QUOTED.exec(value);
  const key = quoted ? quoted[1].replace(/\\(["\\])/g, '$1') : BARE.test(value) ? value : undefined;
  if (key === undefined || key.length < 1 || key.length > 255) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID', [
      { path: 'Idempotency-Key', message: 'not a valid key' },
    ]);
  }
  return key;
}

/**
 * Passes a command's `Idempotency-Key` to the service with the caller's context, and answers a
 * replayed result with `Idempotent-Replayed: true`. Runs after the auth guard: keys belong to a
 * signed-in caller (login, refresh and logout do not take one).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    const res = http.getResponse<Response>();
    if (COMMAND_METHODS.has(req.method) && req.context) {
      const key = idempotencyKeyFrom(req.header('idempotency-key'));
      if (key !== undefined) req.context.idempotencyKey = key;
    }
    const scope = { replayed: false };
    const mark = () => {
      if (scope.replayed) res.setHeader('Idempotent-Replayed', 'true');
    };
    return runInCallScope(scope, () => next.handle()).pipe(tap({ next: mark, error: mark }));
  }
}
