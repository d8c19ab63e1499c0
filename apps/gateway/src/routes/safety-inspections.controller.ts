import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  amendSchema,
  answerSchema,
  EMPLOYEE_ROLES,
  itemKeySchema,
  listInspectionsQuerySchema,
  MANAGER_ROLES,
  startInspectionSchema,
  uuidSchema,
  type InspectionView,
  type Page,
  type RequestContext,
  type Role,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';

/** Everyone who works in the field; the service narrows workers to their own inspections. */
export const FIELD_ROLES: readonly Role[] = [...EMPLOYEE_ROLES, 'worker'];
const inspectionId = (id: string): string => parseOrThrow(uuidSchema, id, 'inspection id');

/** Inspections (filled-in checklists) of the safety service. */
@Controller('safety/inspections')
export class SafetyInspectionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles(...EMPLOYEE_ROLES)
  async start(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<InspectionView> {
    const inspection = await this.rpc.call('safety.inspections.start', parseOrThrow(startInspectionSchema, body), ctx);
    res.setHeader('Location', `/api/v1/safety/inspections/${inspection.id}`);
    return withETag(res, inspection);
  }

  @Get()
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<InspectionView>> {
    return this.rpc.call('safety.inspections.list', parseOrThrow(listInspectionsQuerySchema, query, 'query'), ctx);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<InspectionView> {
    return withETag(res, await this.rpc.call('safety.inspections.get', { id: inspectionId(id) }, ctx));
  }

  /** Saves one answer; a retry with the same `answerId` changes nothing. */
  @Put(':id/answers/:itemId')
  @Roles(...FIELD_ROLES)
  async answer(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InspectionView> {
    const request = { id: inspectionId(id), itemId: parseOrThrow(itemKeySchema, itemId, 'item id'), answer: parseOrThrow(answerSchema, body) };
    return withETag(res, await this.rpc.call('safety.inspections.answer', request, ctx));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...FIELD_ROLES)
  async complete(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<InspectionView> {
    return withETag(res, await this.rpc.call('safety.inspections.complete', { id: inspectionId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }

  /** The manager's countersignature (the inspector signs on completion). */
  @Post(':id/sign')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  async sign(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<InspectionView> {
    return withETag(res, await this.rpc.call('safety.inspections.sign', { id: inspectionId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }

  @Post(':id/amend')
  @HttpCode(200)
  @Roles(...FIELD_ROLES)
  async amend(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InspectionView> {
    const request = { id: inspectionId(id), amendment: parseOrThrow(amendSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('safety.inspections.amend', request, ctx));
  }
}
