import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  breakStartSchema,
  clockInSchema,
  correctShiftSchema,
  listShiftsQuerySchema,
  MANAGER_ROLES,
  PUNCH_ROLES,
  punchSchema,
  uuidSchema,
  type OnTheClockRow,
  type Page,
  type RequestContext,
  type ShiftDetail,
  type ShiftView,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';

/** Punches and shifts (the timeclock service over NATS). */
@Controller('timeclock')
export class TimeclockController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('clock-in')
  @Roles(...PUNCH_ROLES)
  async clockIn(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ShiftView> {
    const shift = await this.rpc.call('timeclock.clock_in', parseOrThrow(clockInSchema, body ?? {}), ctx);
    res.setHeader('Location', `/api/v1/timeclock/shifts/${shift.id}`);
    return withETag(res, shift);
  }

  @Post('clock-out')
  @HttpCode(200)
  @Roles(...PUNCH_ROLES)
  async clockOut(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ShiftView> {
    return withETag(res, await this.rpc.call('timeclock.clock_out', parseOrThrow(punchSchema, body ?? {}), ctx));
  }

  @Post('breaks/start')
  @HttpCode(200)
  @Roles(...PUNCH_ROLES)
  async startBreak(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ShiftView> {
    return withETag(res, await this.rpc.call('timeclock.breaks.start', parseOrThrow(breakStartSchema, body ?? {}), ctx));
  }

  @Post('breaks/end')
  @HttpCode(200)
  @Roles(...PUNCH_ROLES)
  async endBreak(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ShiftView> {
    return withETag(res, await this.rpc.call('timeclock.breaks.end', parseOrThrow(punchSchema, body ?? {}), ctx));
  }

  @Get('shifts')
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<ShiftView>> {
    return this.rpc.call('timeclock.shifts.list', parseOrThrow(listShiftsQuerySchema, query, 'query'), ctx);
  }

  @Patch('shifts/:id')
  @Roles(...MANAGER_ROLES)
  async correct(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ShiftView> {
    const request = { id: parseOrThrow(uuidSchema, id, 'shift id'), correction: parseOrThrow(correctShiftSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('timeclock.shifts.correct', request, ctx));
  }

  @Get('on-the-clock')
  @Roles(...MANAGER_ROLES, 'auditor')
  onTheClock(@Ctx() ctx: RequestContext): Promise<{ items: OnTheClockRow[] }> {
    return this.rpc.call('timeclock.on_the_clock', {}, ctx);
  }

  @Get('shifts/:id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ShiftDetail> {
    return withETag(res, await this.rpc.call('timeclock.shifts.get', { id: parseOrThrow(uuidSchema, id, 'shift id') }, ctx));
  }
}
