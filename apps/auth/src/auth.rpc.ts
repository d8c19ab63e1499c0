import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  changePasswordSchema,
  createUserSchema,
  expectedVersionSchema,
  listUsersQuerySchema,
  loginSchema,
  principalsAllowed,
  refreshSchema,
  rotateKeysSchema,
  updateUserSchema,
  uuidSchema,
  type CreateUserInput,
  type JsonWebKeyLike,
  type ListUsersQuery,
  type Page,
  type RequestContext,
  type SigningKeyView,
  type TokenPair,
  type UpdateUserInput,
  type UserView,
} from '@uehub/contracts';
import { AllowPrincipals, Caller, Handles, PublicPattern, RequireRoles, ZodPipe } from '@uehub/messaging';
import type { z } from 'zod';
import { SessionService } from './sessions/session.service';
import { SigningKeys } from './sessions/signing-keys';
import { UserCommands } from './users/user-commands.service';
import { UserQueries } from './users/user-queries.service';

const userId = new ZodPipe(uuidSchema, 'user id');
const version = new ZodPipe(expectedVersionSchema);

/**
 * Auth's request/reply patterns. Signed-in callers only (the global `CallerGuard`) unless a
 * pattern is `@PublicPattern`; payloads are validated by the pipes.
 */
@Controller()
export class AuthRpc {
  constructor(
    private readonly sessions: SessionService,
    private readonly keys: SigningKeys,
    private readonly commands: UserCommands,
    private readonly queries: UserQueries,
  ) {}

  @PublicPattern()
  @Handles('auth.login')
  login(@Payload(new ZodPipe(loginSchema)) { email, password }: z.output<typeof loginSchema>, @Caller() caller: RequestContext): Promise<TokenPair> {
    return this.sessions.login(email, password, caller);
  }

  @PublicPattern()
  @Handles('auth.refresh')
  refresh(@Payload(new ZodPipe(refreshSchema)) { refreshToken }: z.output<typeof refreshSchema>, @Caller() caller: RequestContext): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken, caller);
  }

  @PublicPattern()
  @Handles('auth.logout')
  async logout(@Payload(new ZodPipe(refreshSchema)) { refreshToken }: z.output<typeof refreshSchema>): Promise<{ ok: true }> {
    await this.sessions.logout(refreshToken);
    return { ok: true };
  }

  // public keys are public: users, anonymous callers and principals alike
  @PublicPattern()
  @Handles('auth.jwks')
  async jwks(): Promise<{ keys: JsonWebKeyLike[] }> {
    return { keys: await this.keys.publicKeys() };
  }

  @RequireRoles(['superadmin'], 'list signing keys')
  @Handles('auth.keys.list')
  async listKeys(): Promise<{ items: SigningKeyView[] }> {
    return { items: await this.keys.list() };
  }

  @RequireRoles(['superadmin'], 'rotate signing keys')
  @Handles('auth.keys.rotate')
  rotateKeys(@Payload(new ZodPipe(rotateKeysSchema.optional())) options: z.output<typeof rotateKeysSchema> | undefined): Promise<{ kid: string; retired: string[] }> {
    return this.keys.rotate(options ?? {});
  }

  @Handles('auth.users.create')
  createUser(@Payload(new ZodPipe(createUserSchema)) input: CreateUserInput, @Caller() caller: RequestContext): Promise<UserView> {
    return this.commands.create(input, caller);
  }

  // also served to the principals PRINCIPAL_CALLS lists (inventory checks a user it does not know yet)
  @AllowPrincipals(...principalsAllowed('auth.users.get'))
  @Handles('auth.users.get')
  getUser(@Payload('id', userId) id: string, @Caller() caller: RequestContext): Promise<UserView> {
    return this.queries.get(id, caller);
  }

  @Handles('auth.users.list')
  listUsers(@Payload(new ZodPipe(listUsersQuerySchema)) query: ListUsersQuery, @Caller() caller: RequestContext): Promise<Page<UserView>> {
    return this.queries.list(query, caller);
  }

  @Handles('auth.users.update')
  updateUser(
    @Payload('id', userId) id: string,
    @Payload('patch', new ZodPipe(updateUserSchema)) patch: UpdateUserInput,
    @Payload('expectedVersion', new ZodPipe(expectedVersionSchema, 'If-Match version')) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<UserView> {
    return this.commands.update(id, patch, expectedVersion, caller);
  }

  @Handles('auth.users.deactivate')
  deactivate(
    @Payload('id', userId) id: string,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<UserView> {
    return this.commands.deactivate(id, expectedVersion, caller);
  }

  @Handles('auth.users.reactivate')
  reactivate(
    @Payload('id', userId) id: string,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<UserView> {
    return this.commands.reactivate(id, expectedVersion, caller);
  }

  @Handles('auth.users.change_password')
  async changePassword(
    @Payload(new ZodPipe(changePasswordSchema)) { currentPassword, newPassword }: z.output<typeof changePasswordSchema>,
    @Caller() caller: RequestContext,
  ): Promise<{ ok: true }> {
    await this.commands.changePassword(currentPassword, newPassword, caller);
    return { ok: true };
  }
}
