import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  AUDIT_READER_ROLES,
  auditPurgeRequestSchema,
  legalHoldLiftSchema,
  legalHoldRequestSchema,
  type AuditPurgeView,
  type LegalHoldView,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

/** Legal holds on the audit log and its purge (docs/audit.md, "Retention and legal hold"). */
@Controller('audit')
export class AuditHoldsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('holds')
  @Roles('superadmin')
  setHold(@Body() body: unknown, @Ctx() ctx: RequestContext): Promise<LegalHoldView> {
    return this.rpc.call('audit.holds.set', parseOrThrow(legalHoldRequestSchema, body), ctx);
  }

  @Get('holds')
  @Roles(...AUDIT_READER_ROLES)
  listHolds(@Ctx() ctx: RequestContext): Promise<{ items: LegalHoldView[] }> {
    return this.rpc.call('audit.holds.list', {}, ctx);
  }

  /** Lifts a hold; the body carries the reason (`{"reason": "..."}`). */
  @Delete('holds/:id')
  @Roles('superadmin')
  liftHold(@Param('id') id: string, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<LegalHoldView> {
    const reason = body !== null && typeof body === 'object' && 'reason' in body ? body.reason : undefined;
    return this.rpc.call('audit.holds.lift', parseOrThrow(legalHoldLiftSchema, { id, reason }), ctx);
  }

  /** Removes the oldest records past retention and under no hold (dry run unless `{"apply": true}`). */
  @Post('purge')
  @HttpCode(200)
  @Roles('superadmin')
  purge(@Body() body: unknown, @Ctx() ctx: RequestContext): Promise<AuditPurgeView> {
    return this.rpc.call('audit.purge', parseOrThrow(auditPurgeRequestSchema, body ?? {}), ctx);
  }
}
