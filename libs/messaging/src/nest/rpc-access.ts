import { Injectable, SetMetadata, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RequestContext, Role } from '@uehub/contracts';
import { assertActorRole, requireCaller } from '@uehub/errors';
import type { RpcHandlerContext } from './rpc-handler.context';

const PUBLIC = 'uehub:rpc-public';
const PRINCIPALS = 'uehub:rpc-principals';
const ROLES = 'uehub:rpc-roles';

interface RoleRule {
  roles: readonly Role[];
  what: string;
}

/** The pattern answers anonymous callers too (login, refresh, public keys). Everything else needs a signed-in caller. */
export const PublicPattern = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);

/**
 * Service principals (besides users) the handler serves. A principal reaches a pattern only on
 * its own subject, which exists only for what `PRINCIPAL_CALLS` lists; naming it here as well
 * keeps "no blanket bypass": a listed principal is still refused by a handler that does not name it.
 */
export const AllowPrincipals = (...principals: readonly string[]): MethodDecorator & ClassDecorator => SetMetadata(PRINCIPALS, principals);

/** Only users with one of the roles (never a principal); `what` completes "Only … may <what>". */
export const RequireRoles = (roles: readonly Role[], what: string): MethodDecorator & ClassDecorator => SetMetadata(ROLES, { roles, what } satisfies RoleRule);

/** The caller of the current call as the RPC server derived it (anonymous only on a `@PublicPattern`). */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => rpcCallOf(context).caller);

/**
 * The identity check of every request/reply handler, in one place: anonymous callers are
 * refused (401 UNAUTHENTICATED) unless the pattern is `@PublicPattern`, principals (403) unless
 * the handler names them, and `@RequireRoles` refuses other roles (403).
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets)) return true;
    const principals = this.reflector.getAllAndOverride<readonly string[] | undefined>(PRINCIPALS, targets);
    const caller = requireCaller(rpcCallOf(context).caller, { principals: principals ? [...principals] : undefined });
    const rule = this.reflector.getAllAndOverride<RoleRule | undefined>(ROLES, targets);
    if (rule) assertActorRole(caller.actor, rule.roles, rule.what);
    return true;
  }
}

function rpcCallOf(context: ExecutionContext): RpcHandlerContext {
  return context.switchToRpc().getContext<RpcHandlerContext>();
}
