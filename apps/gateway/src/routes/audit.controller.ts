import { Controller, Get, Query } from '@nestjs/common';
import { AUDIT_READER_ROLES, auditQuerySchema, type AuditItem, type Page, type RequestContext } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

@Controller('audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('events')
  @Roles(...AUDIT_READER_ROLES)
  events(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<AuditItem>> {
    return this.rpc.call('audit.events.query', parseOrThrow(auditQuerySchema, query, 'query'), ctx);
  }
}
