import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  createScheduleSchema,
  dueQuerySchema,
  listSchedulesQuerySchema,
  MANAGER_ROLES,
  updateScheduleSchema,
  uuidSchema,
  type DueListing,
  type InspectionView,
  type Page,
  type RequestContext,
  type ScheduleView,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';
import { FIELD_ROLES } from './safety-inspections.controller';

const scheduleId = (id: string): string => parseOrThrow(uuidSchema, id, 'schedule id');

/** Inspection schedules: managers and up write; everyone signed in reads (workers: those assigned to them). */
@Controller('safety/schedules')
export class SafetySchedulesController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles(...MANAGER_ROLES)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ScheduleView> {
    const schedule = await this.rpc.call('safety.schedules.create', parseOrThrow(createScheduleSchema, body), ctx);
    res.setHeader('Location', `/api/v1/safety/schedules/${schedule.id}`);
    return withETag(res, schedule);
  }

  @Get()
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<ScheduleView>> {
    return this.rpc.call('safety.schedules.list', parseOrThrow(listSchedulesQuerySchema, query, 'query'), ctx);
  }

  /** Occurrences overlapping [from, to): due, done or missed. */
  @Get('due')
  due(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<DueListing> {
    return this.rpc.call('safety.schedules.due', parseOrThrow(dueQuerySchema, query, 'query'), ctx);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ScheduleView> {
    return withETag(res, await this.rpc.call('safety.schedules.get', { id: scheduleId(id) }, ctx));
  }

  @Patch(':id')
  @Roles(...MANAGER_ROLES)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScheduleView> {
    const request = { id: scheduleId(id), patch: parseOrThrow(updateScheduleSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('safety.schedules.update', request, ctx));
  }

  /** Starts the scheduled inspection for the assignee (workers too) or by a manager. */
  @Post(':id/start')
  @Roles(...FIELD_ROLES)
  async start(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<InspectionView> {
    const inspection = await this.rpc.call('safety.schedules.start', { id: scheduleId(id) }, ctx);
    res.setHeader('Location', `/api/v1/safety/inspections/${inspection.id}`);
    return withETag(res, inspection);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...MANAGER_ROLES)
  async remove(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext): Promise<void> {
    await this.rpc.call('safety.schedules.delete', { id: scheduleId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx);
  }
}
