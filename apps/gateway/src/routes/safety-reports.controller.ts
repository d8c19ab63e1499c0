import { Controller, Get, Query } from '@nestjs/common';
import { AUDIT_READER_ROLES, MANAGER_ROLES, summaryQuerySchema, type RequestContext, type Role, type SummaryReport } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

const READERS: readonly Role[] = [...new Set([...MANAGER_ROLES, ...AUDIT_READER_ROLES])];

/** Safety reports (managers and up, auditors). */
@Controller('safety/reports')
export class SafetyReportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('summary')
  @Roles(...READERS)
  summary(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<SummaryReport> {
    return this.rpc.call('safety.reports.summary', parseOrThrow(summaryQuerySchema, query, 'query'), ctx);
  }
}
