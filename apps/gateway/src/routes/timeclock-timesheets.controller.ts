import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { payrollCsv } from '../http/payroll-csv';
import {
  ADMIN_ROLES,
  asOfSchema,
  decisionReasonSchema,
  hoursReportQuerySchema,
  MANAGER_ROLES,
  PUNCH_ROLES,
  settingsSchema,
  uuidSchema,
  weekSchema,
  type HoursReportRow,
  type PayrollRow,
  type RequestContext,
  type SettingsView,
  type TimeclockMe,
  type TimesheetView,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';

const key = (userId: string, week: string) => ({ userId: parseOrThrow(uuidSchema, userId, 'user id'), week: parseOrThrow(weekSchema, week, 'week') });

/** Organisation settings and workweek timesheets (the timeclock service over NATS). */
@Controller('timeclock')
export class TimeclockTimesheetsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('me')
  me(@Ctx() ctx: RequestContext): Promise<TimeclockMe> {
    return this.rpc.call('timeclock.me', {}, ctx);
  }

  /** CSV by default (a file for payroll), JSON when the client accepts only/preferably application/json. */
  @Get('exports/payroll')
  @Roles(...MANAGER_ROLES, 'auditor')
  async payroll(
    @Query('week') week: unknown,
    @Headers('accept') accept: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ week: string; items: PayrollRow[] } | string> {
    const checked = parseOrThrow(weekSchema, week, 'week');
    const result = await this.rpc.call('timeclock.exports.payroll', { week: checked }, ctx);
    if (accept?.includes('application/json')) return result;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="payroll-${checked}.csv"`);
    return payrollCsv(result.items);
  }

  @Get('reports/hours')
  @Roles(...MANAGER_ROLES, 'auditor')
  hours(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<{ items: HoursReportRow[] }> {
    return this.rpc.call('timeclock.reports.hours', parseOrThrow(hoursReportQuerySchema, query, 'query'), ctx);
  }

  @Get('settings')
  async settings(@Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<SettingsView> {
    const current = await this.rpc.call('timeclock.settings.get', {}, ctx);
    return current.version > 0 ? withETag(res, current) : current;
  }

  @Put('settings')
  @Roles(...ADMIN_ROLES)
  async updateSettings(
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SettingsView> {
    const request = { settings: parseOrThrow(settingsSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('timeclock.settings.update', request, ctx));
  }

  @Get('timesheets/:userId/:week')
  get(@Param('userId') userId: string, @Param('week') week: string, @Query('asOf') asOf: unknown, @Ctx() ctx: RequestContext): Promise<TimesheetView> {
    return this.rpc.call('timeclock.timesheets.get', { ...key(userId, week), asOf: parseOrThrow(asOfSchema, asOf, 'asOf') }, ctx);
  }

  @Post('timesheets/:userId/:week/submit')
  @HttpCode(200)
  @Roles(...PUNCH_ROLES)
  submit(@Param('userId') userId: string, @Param('week') week: string, @Ctx() ctx: RequestContext): Promise<TimesheetView> {
    return this.rpc.call('timeclock.timesheets.submit', key(userId, week), ctx);
  }

  @Post('timesheets/:userId/:week/approve')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  approve(@Param('userId') userId: string, @Param('week') week: string, @Ctx() ctx: RequestContext): Promise<TimesheetView> {
    return this.rpc.call('timeclock.timesheets.approve', key(userId, week), ctx);
  }

  @Post('timesheets/:userId/:week/reject')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  reject(@Param('userId') userId: string, @Param('week') week: string, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<TimesheetView> {
    return this.rpc.call('timeclock.timesheets.reject', { ...key(userId, week), ...parseOrThrow(decisionReasonSchema, body) }, ctx);
  }

  @Post('timesheets/:userId/:week/reopen')
  @HttpCode(200)
  @Roles(...ADMIN_ROLES)
  reopen(@Param('userId') userId: string, @Param('week') week: string, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<TimesheetView> {
    return this.rpc.call('timeclock.timesheets.reopen', { ...key(userId, week), ...parseOrThrow(decisionReasonSchema, body) }, ctx);
  }
}
