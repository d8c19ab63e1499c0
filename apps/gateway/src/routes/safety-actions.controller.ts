import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  cancelActionSchema,
  createActionSchema,
  EMPLOYEE_ROLES,
  listActionsQuerySchema,
  MANAGER_ROLES,
  resolveActionSchema,
  updateActionSchema,
  uuidSchema,
  type ActionView,
  type Page,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';
import { FIELD_ROLES } from './safety-inspections.controller';

const actionId = (id: string): string => parseOrThrow(uuidSchema, id, 'action id');

/** Corrective actions of the safety service. */
@Controller('safety/actions')
export class SafetyActionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles(...EMPLOYEE_ROLES)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ActionView> {
    const action = await this.rpc.call('safety.actions.create', parseOrThrow(createActionSchema, body), ctx);
    res.setHeader('Location', `/api/v1/safety/actions/${action.id}`);
    return withETag(res, action);
  }

  @Get()
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<ActionView>> {
    return this.rpc.call('safety.actions.list', parseOrThrow(listActionsQuerySchema, query, 'query'), ctx);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ActionView> {
    return withETag(res, await this.rpc.call('safety.actions.get', { id: actionId(id) }, ctx));
  }

  /** Managers change and assign; the assignee may only start it (`{"status": "in_progress"}`). */
  @Patch(':id')
  @Roles(...FIELD_ROLES)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActionView> {
    const request = { id: actionId(id), patch: parseOrThrow(updateActionSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('safety.actions.update', request, ctx));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(...FIELD_ROLES)
  async resolve(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ActionView> {
    const { note } = parseOrThrow(resolveActionSchema, body);
    return withETag(res, await this.rpc.call('safety.actions.resolve', { id: actionId(id), note, expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  async verify(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ActionView> {
    return withETag(res, await this.rpc.call('safety.actions.verify', { id: actionId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  async cancel(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ActionView> {
    const { reason } = parseOrThrow(cancelActionSchema, body);
    return withETag(res, await this.rpc.call('safety.actions.cancel', { id: actionId(id), reason, expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }
}
