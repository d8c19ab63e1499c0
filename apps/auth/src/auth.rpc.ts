import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  changePasswordSchema,
  createUserSchema,
  listUsersQuerySchema,
  loginSchema,
  principalsAllowed,
  refreshSchema,
  rotateKeysSchema,
  updateUserSchema,
  uuidSchema,
  type RequestContext,
} from '@uehub/contracts';
import { assertActorRole, parseOrThrow, requireCaller } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { z } from 'zod';
import { SessionService } from './sessions/session.service';
import { SigningKeys } from './sessions/signing-keys';
import { UserCommands } from './users/user-commands.service';
import { UserQueries } from './users/user-queries.service';

const expectedVersion = z.number().int().positive().optional();
const anonymous: RequestContext = { actor: { kind: 'anonymous', id: 'anonymous' }, correlationId: 'none' };

/** Auth's request/reply patterns: every payload is re-validated and every caller re-checked here. */
@Injectable()
export class AuthRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly sessions: SessionService,
    private readonly keys: SigningKeys,
    private readonly commands: UserCommands,
    private readonly queries: UserQueries,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'auth.login': (p, c) => {
        const { email, password } = parseOrThrow(loginSchema, p);
        return this.sessions.login(email, password, c ?? anonymous);
      },
      'auth.refresh': (p, c) => this.sessions.refresh(parseOrThrow(refreshSchema, p).refreshToken, c ?? anonymous),
      'auth.logout': async (p) => {
        await this.sessions.logout(parseOrThrow(refreshSchema, p).refreshToken);
        return { ok: true };
      },
      'auth.jwks': async () => ({ keys: await this.keys.publicKeys() }),
      'auth.keys.list': async (_p, c) => {
        assertActorRole(requireCaller(c).actor, ['superadmin'], 'list signing keys');
        return { items: await this.keys.list() };
      },
      'auth.keys.rotate': (p, c) => {
        assertActorRole(requireCaller(c).actor, ['superadmin'], 'rotate signing keys');
        return this.keys.rotate(parseOrThrow(rotateKeysSchema, p ?? {}));
      },
      'auth.users.create': (p, c) => this.commands.create(parseOrThrow(createUserSchema, p), requireCaller(c)),
      // also served to the principals PRINCIPAL_CALLS lists (inventory checks a user it does not know yet)
      'auth.users.get': (p, c) =>
        this.queries.get(parseOrThrow(uuidSchema, p.id, 'user id'), requireCaller(c, { principals: principalsAllowed('auth.users.get') })),
      'auth.users.list': (p, c) => this.queries.list(parseOrThrow(listUsersQuerySchema, p), requireCaller(c)),
      'auth.users.update': (p, c) =>
        this.commands.update(
          parseOrThrow(uuidSchema, p.id, 'user id'),
          parseOrThrow(updateUserSchema, p.patch),
          parseOrThrow(expectedVersion, p.expectedVersion, 'If-Match version'),
          requireCaller(c),
        ),
      'auth.users.deactivate': (p, c) =>
        this.commands.deactivate(parseOrThrow(uuidSchema, p.id, 'user id'), parseOrThrow(expectedVersion, p.expectedVersion), requireCaller(c)),
      'auth.users.reactivate': (p, c) =>
        this.commands.reactivate(parseOrThrow(uuidSchema, p.id, 'user id'), parseOrThrow(expectedVersion, p.expectedVersion), requireCaller(c)),
      'auth.users.change_password': async (p, c) => {
        const { currentPassword, newPassword } = parseOrThrow(changePasswordSchema, p);
        await this.commands.changePassword(currentPassword, newPassword, requireCaller(c));
        return { ok: true };
      },
    });
  }
}
