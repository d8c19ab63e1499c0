import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { listTemplatesQuerySchema, MANAGER_ROLES, templateContentSchema, uuidSchema, type Page, type RequestContext, type TemplateView } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Roles } from '../http/auth.guard';
import { expectedVersionFrom, withETag } from '../http/etag';
import { Ctx } from '../http/request-context';

const templateId = (id: string): string => parseOrThrow(uuidSchema, id, 'template id');

/** Checklist templates (the safety service): managers write, everyone signed in reads. */
@Controller('safety/templates')
export class SafetyTemplatesController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles(...MANAGER_ROLES)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<TemplateView> {
    const template = await this.rpc.call('safety.templates.create', parseOrThrow(templateContentSchema, body), ctx);
    res.setHeader('Location', `/api/v1/safety/templates/${template.id}`);
    return withETag(res, template);
  }

  @Get()
  list(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<Page<TemplateView>> {
    return this.rpc.call('safety.templates.list', parseOrThrow(listTemplatesQuerySchema, query, 'query'), ctx);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<TemplateView> {
    return withETag(res, await this.rpc.call('safety.templates.get', { id: templateId(id) }, ctx));
  }

  /** Saves the draft: the latest draft is replaced; after a publication this starts the next version. */
  @Put(':id')
  @Roles(...MANAGER_ROLES)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TemplateView> {
    const request = { id: templateId(id), content: parseOrThrow(templateContentSchema, body), expectedVersion: expectedVersionFrom(ifMatch) };
    return withETag(res, await this.rpc.call('safety.templates.update', request, ctx));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  async publish(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<TemplateView> {
    return withETag(res, await this.rpc.call('safety.templates.publish', { id: templateId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles(...MANAGER_ROLES)
  async archive(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<TemplateView> {
    return withETag(res, await this.rpc.call('safety.templates.archive', { id: templateId(id), expectedVersion: expectedVersionFrom(ifMatch) }, ctx));
  }
}
