import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { TokenVerifier } from '@uehub/identity';
import { anonymousContext, type GatewayRequest } from './request-context';

const PUBLIC = 'uehub:public';
const ROLES = 'uehub:roles';

/** A route anyone may call (login, refresh, health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Roles allowed on a route; absent means any signed-in user. */
export const Roles = (...roles: readonly Role[]) => SetMetadata(ROLES, roles);

/** Verifies the bearer token and the route's roles; builds the caller's RequestContext. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GatewayRequest>();
    const header = req.header('authorization') ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new AppError('UNAUTHENTICATED', 'A bearer access token is required');
    const claims = await this.verifier.verify(token);
    // the actor is for the gateway's own checks; services get the token and verify it themselves
    req.context = {
      ...anonymousContext(req),
      actor: { kind: 'user', id: claims.sub, role: claims.role, name: claims.name },
      token,
    };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(claims.role)) throw new AppError('FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}
