import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ADMIN_ROLES, cursorSchema, limitSchema, RPC_SERVICES, safeText, uuidSchema, type DeadLetterView, type Page, type RequestContext } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { z } from 'zod';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

const service = z.enum(RPC_SERVICES);
export const deadLetterQuerySchema = z.strictObject({
  service,
  consumer: safeText(100, 1).optional(),
  includeResolved: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});

/** Operations for admins: the events a service's consumers gave up on, and retrying them. */
@Controller('ops')
@Roles(...ADMIN_ROLES)
export class OpsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('dead-letters')
  deadLetters(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<DeadLetterView>> {
    const { service: name, ...filter } = parseOrThrow(deadLetterQuerySchema, query, 'query');
    return this.rpc.call(`${name}.dead_letters.list`, filter, ctx);
  }

  @Post('dead-letters/:service/:id/retry')
  @HttpCode(200)
  retry(
    @Param('service') name: string,
    @Param('id') id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<{ resolved: boolean; deadLetter: DeadLetterView }> {
    const target = parseOrThrow(service, name, 'service');
    return this.rpc.call(`${target}.dead_letters.retry`, { id: parseOrThrow(uuidSchema, id, 'dead letter id') }, ctx);
  }
}
