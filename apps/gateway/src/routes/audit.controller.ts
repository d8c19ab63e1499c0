import { Controller, Get, Query } from '@nestjs/common';
import {
  AUDIT_READER_ROLES,
  auditQuerySchema,
  auditVerifyQuerySchema,
  type AuditItem,
  type AuditPublicKeyView,
  type AuditVerificationView,
  type Page,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { Public, Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

@Controller('audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('events')
  @Roles(...AUDIT_READER_ROLES)
  events(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<AuditItem>> {
    return this.rpc.call('audit.events.query', parseOrThrow(auditQuerySchema, query, 'query'), ctx);
  }

  /** Current and retired public keys of the audit checkpoints: public, so anyone can verify. */
  @Get('keys')
  @Public()
  keys(@Ctx() ctx: RequestContext): Promise<{ keys: AuditPublicKeyView[] }> {
    return this.rpc.call('audit.keys', {}, ctx);
  }

  /** Recomputes the chain and checks the signed checkpoints; names the first record or checkpoint that does not match. */
  @Get('verify')
  @Roles(...AUDIT_READER_ROLES)
  verify(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<AuditVerificationView> {
    return this.rpc.call('audit.verify', parseOrThrow(auditVerifyQuerySchema, query, 'query'), ctx);
  }
}
