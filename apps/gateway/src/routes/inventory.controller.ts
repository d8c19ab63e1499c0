import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ADMIN_ROLES,
  asOfSchema,
  createItemSchema,
  EMPLOYEE_ROLES,
  listItemsQuerySchema,
  MANAGER_ROLES,
  movementSchema,
  pageQuerySchema,
  updateItemSchema,
  uuidSchema,
  type ItemView,
  type MovementView,
  type Page,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { sendEncoded } from '../http/encoded-json';
import { expectedVersionFrom, setETag, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';

const itemId = (id: string): string => parseOrThrow(uuidSchema, id, 'item id');

/** Items and their stock movements (the inventory service over NATS). */
@Controller('inventory/items')
export class InventoryController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles(...MANAGER_ROLES)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<ItemView> {
    const item = await this.rpc.call('inventory.items.create', parseOrThrow(createItemSchema, body), ctx);
    res.setHeader('Location', `/api/v1/inventory/items/${item.id}`);
    return withETag(res, item);
  }

  /** A `Page<ItemView>`, sent as the inventory service encoded it. */
  @Get()
  async list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<string> {
    return sendEncoded(res, await this.rpc.callEncoded('inventory.items.list', parseOrThrow(listItemsQuerySchema, query, 'query'), ctx));
  }

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Query('asOf') asOf: unknown,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ItemView> {
    const request = { id: itemId(id), asOf: parseOrThrow(asOfSchema, asOf, 'asOf') };
    return withETag(res, await this.rpc.call('inventory.items.get', request, ctx));
  }

  @Patch(':id')
  @Roles(...MANAGER_ROLES)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ItemView> {
    const request = { id: itemId(id), patch: parseOrThrow(updateItemSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('inventory.items.update', request, ctx));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...ADMIN_ROLES)
  async remove(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext): Promise<void> {
    await this.rpc.call('inventory.items.delete', { id: itemId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx);
  }

  @Post(':id/movements')
  @Roles(...EMPLOYEE_ROLES)
  async move(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ movement: MovementView; item: ItemView }> {
    const request = { id: itemId(id), movement: parseOrThrow(movementSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    const result = await this.rpc.call('inventory.items.move', request, ctx);
    setETag(res, result.item.version);
    return result;
  }

  @Get(':id/movements')
  movements(@Param('id') id: string, @Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<MovementView>> {
    return this.rpc.call('inventory.items.movements', { id: itemId(id), ...parseOrThrow(pageQuerySchema, query, 'query') }, ctx);
  }
}
