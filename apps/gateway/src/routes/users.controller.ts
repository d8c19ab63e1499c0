import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ADMIN_ROLES,
  changePasswordSchema,
  createUserSchema,
  listUsersQuerySchema,
  MANAGER_ROLES,
  updateUserSchema,
  uuidSchema,
  type Page,
  type RequestContext,
  type UserView,
} from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';

@Controller()
export class UsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('me')
  async me(@Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<UserView> {
    return withETag(res, await this.rpc.call('auth.users.get', { id: ctx.actor.id }, ctx));
  }

  @Post('me/password')
  @HttpCode(204)
  async changePassword(@Body() body: unknown, @Ctx() ctx: RequestContext): Promise<void> {
    await this.rpc.call('auth.users.change_password', parseOrThrow(changePasswordSchema, body), ctx);
  }

  @Post('users')
  @Roles(...ADMIN_ROLES)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<UserView> {
    const user = await this.rpc.call('auth.users.create', parseOrThrow(createUserSchema, body), ctx);
    res.setHeader('Location', `/api/v1/users/${user.id}`);
    return withETag(res, user);
  }

  @Get('users')
  @Roles(...MANAGER_ROLES)
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<UserView>> {
    return this.rpc.call('auth.users.list', parseOrThrow(listUsersQuerySchema, query, 'query'), ctx);
  }

  @Get('users/:id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<UserView> {
    const userId = parseOrThrow(uuidSchema, id, 'user id');
    const isSelf = ctx.actor.id === userId;
    if (!isSelf && (ctx.actor.kind !== 'user' || !MANAGER_ROLES.includes(ctx.actor.role))) {
      throw new AppError('FORBIDDEN', 'Only a manager or above may read other users');
    }
    return withETag(res, await this.rpc.call('auth.users.get', { id: userId }, ctx));
  }

  @Patch('users/:id')
  @Roles(...ADMIN_ROLES)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserView> {
    const request = {
      id: parseOrThrow(uuidSchema, id, 'user id'),
      patch: parseOrThrow(updateUserSchema, body),
      expectedVersion: expectedVersionFrom(ifMatch),
    };
    return withETag(res, await this.rpc.call('auth.users.update', request, ctx));
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  @Roles(...ADMIN_ROLES)
  deactivate(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserView> {
    return this.setActive('auth.users.deactivate', id, ifMatch, ctx, res);
  }

  @Post('users/:id/reactivate')
  @HttpCode(200)
  @Roles(...ADMIN_ROLES)
  reactivate(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserView> {
    return this.setActive('auth.users.reactivate', id, ifMatch, ctx, res);
  }

  private async setActive(
    pattern: 'auth.users.deactivate' | 'auth.users.reactivate',
    id: string,
    ifMatch: string | undefined,
    ctx: RequestContext,
    res: Response,
  ): Promise<UserView> {
    const request = { id: parseOrThrow(uuidSchema, id, 'user id'), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call(pattern, request, ctx));
  }
}
