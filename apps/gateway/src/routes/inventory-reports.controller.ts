import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  MANAGER_ROLES,
  pageQuerySchema,
  uuidSchema,
  type LowStockRow,
  type Page,
  type RequestContext,
  type StockByLocationRow,
} from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { sendEncoded } from '../http/encoded-json';
import { Ctx } from '../http/request-context';

/** Who holds what, and the reporting views of the inventory service. */
@Controller()
export class InventoryReportsController {
  constructor(private readonly rpc: RpcClient) {}

  /** A `Page<ItemView>`, sent as the inventory service encoded it. */
  @Get('users/:id/inventory')
  async userInventory(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const userId = parseOrThrow(uuidSchema, id, 'user id');
    const page = parseOrThrow(pageQuerySchema, query, 'query');
    const isSelf = ctx.actor.id === userId;
    if (!isSelf && (ctx.actor.kind !== 'user' || !MANAGER_ROLES.includes(ctx.actor.role))) {
      throw new AppError('FORBIDDEN', "Only a manager or above may read another user's inventory");
    }
    return sendEncoded(res, await this.rpc.callEncoded('inventory.users.items', { userId, ...page }, ctx));
  }

  @Get('inventory/reports/low-stock')
  @Roles(...MANAGER_ROLES)
  lowStock(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<LowStockRow>> {
    return this.rpc.call('inventory.reports.low_stock', parseOrThrow(pageQuerySchema, query, 'query'), ctx);
  }

  @Get('inventory/reports/stock-by-location')
  @Roles(...MANAGER_ROLES)
  stockByLocation(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<StockByLocationRow>> {
    return this.rpc.call('inventory.reports.stock_by_location', parseOrThrow(pageQuerySchema, query, 'query'), ctx);
  }
}
