import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  breakStartSchema,
  clockInSchema,
  PUNCH_ROLES,
  punchSchema,
  uuidSchema,
  type RequestContext,
  type ShiftView,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { withETag } from '../http/etag';
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

  @Get('shifts/:id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ShiftView> {
    return withETag(res, await this.rpc.call('timeclock.shifts.get', { id: parseOrThrow(uuidSchema, id, 'shift id') }, ctx));
  }
}
