import { Controller, Get, Param } from '@nestjs/common';
import { MANAGER_ROLES, uuidSchema, type ItemView, type LowStockRow, type RequestContext, type StockByLocationRow } from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

/** Who holds what, and the reporting views of the inventory service. */
@Controller()
export class InventoryReportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('users/:id/inventory')
  userInventory(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<{ items: ItemView[] }> {
    const userId = parseOrThrow(uuidSchema, id, 'user id');
    const isSelf = ctx.actor.id === userId;
    if (!isSelf && (ctx.actor.kind !== 'user' || !MANAGER_ROLES.includes(ctx.actor.role))) {
      throw new AppError('FORBIDDEN', "Only a manager or above may read another user's inventory");
    }
    return this.rpc.call('inventory.users.items', { userId }, ctx);
  }

  @Get('inventory/reports/low-stock')
  @Roles(...MANAGER_ROLES)
  lowStock(@Ctx() ctx: RequestContext): Promise<{ items: LowStockRow[] }> {
    return this.rpc.call('inventory.reports.low_stock', {}, ctx);
  }

  @Get('inventory/reports/stock-by-location')
  @Roles(...MANAGER_ROLES)
  stockByLocation(@Ctx() ctx: RequestContext): Promise<{ items: StockByLocationRow[] }> {
    return this.rpc.call('inventory.reports.stock_by_location', {}, ctx);
  }
}
