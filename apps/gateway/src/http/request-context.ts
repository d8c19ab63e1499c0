import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestContext } from '@uehub/contracts';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/**
 * A caller's context in the gateway: the actor from the verified token (for the gateway's
 * own checks) plus the token itself, which `RpcClient` forwards so that each service
 * verifies it again. The actor is never sent.
 */
export type GatewayContext = RequestContext & { token?: string };

/** What the gateway knows about a request once it has passed the middleware and the auth guard. */
export interface GatewayRequest extends Request {
  correlationId: string;
  context?: GatewayContext;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane `x-request-id` or makes one, echoes it, and keeps it as the correlation id. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const id = given && REQUEST_ID.test(given) ? given : randomUUID();
  (req as GatewayRequest).correlationId = id;
  res.setHeader('x-request-id', id);
  next();
}

/** The context an anonymous call carries (login, refresh). */
export function anonymousContext(req: Request): RequestContext {
  const r = req as GatewayRequest;
  return {
    actor: { kind: 'anonymous', id: 'anonymous' },
    correlationId: r.correlationId,
    requestId: r.correlationId,
    ip: req.ip,
    userAgent: req.header('user-agent')?.slice(0, 300),
  };
}

/** Injects the signed-in caller's context (with the token to forward) into a route handler. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): GatewayContext => {
  const req = ctx.switchToHttp().getRequest<GatewayRequest>();
  return req.context ?? anonymousContext(req);
});
