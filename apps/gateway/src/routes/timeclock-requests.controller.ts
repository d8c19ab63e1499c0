import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  addNoteSchema,
  correctionRequestSchema,
  decisionReasonSchema,
  listCorrectionRequestsQuerySchema,
  MANAGER_ROLES,
  PUNCH_ROLES,
  uuidSchema,
  type CorrectionRequestView,
  type Page,
  type RequestContext,
  type ShiftNoteView,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

const shiftId = (id: string) => parseOrThrow(uuidSchema, id, 'shift id');

/** A worker's notes and correction requests on their shifts, and managers' answers (the timeclock service over NATS). */
@Controller('timeclock')
export class TimeclockRequestsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('shifts/:id/notes')
  @Roles(...PUNCH_ROLES)
  addNote(@Param('id') id: string, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<ShiftNoteView> {
    return this.rpc.call('timeclock.shifts.add_note', { id: shiftId(id), note: parseOrThrow(addNoteSchema, body) }, ctx);
  }

  @Post('shifts/:id/correction-requests')
  @Roles(...PUNCH_ROLES)
  async requestCorrection(@Param('id') id: string, @Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<CorrectionRequestView> {
    const request = await this.rpc.call('timeclock.shifts.request_correction', { id: shiftId(id), request: parseOrThrow(correctionRequestSchema, body) }, ctx);
    res.setHeader('Location', `/api/v1/timeclock/shifts/${request.shiftId}`);
    return request;
  }

  @Get('correction-requests')
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<CorrectionRequestView>> {
    return this.rpc.call('timeclock.correction_requests.list', parseOrThrow(listCorrectionRequestsQuerySchema, query, 'query'), ctx);
  }

  @Post('correction-requests/:id/decline')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  decline(@Param('id') id: string, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<CorrectionRequestView> {
    const { reason } = parseOrThrow(decisionReasonSchema, body);
    return this.rpc.call('timeclock.correction_requests.decline', { id: parseOrThrow(uuidSchema, id, 'request id'), reason }, ctx);
  }
}
