import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { rotateKeysSchema, type RequestContext, type SigningKeyView } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { Roles } from '../http/auth.guard';
import { Ctx } from '../http/request-context';

/** Token-signing keys, for superadmins: list them, and make a new one current. */
@Controller('ops/signing-keys')
@Roles('superadmin')
export class SigningKeysController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Ctx() ctx: RequestContext): Promise<{ items: SigningKeyView[] }> {
    return this.rpc.call('auth.keys.list', {}, ctx);
  }

  @Post('rotate')
  @HttpCode(201)
  rotate(@Body() body: unknown, @Ctx() ctx: RequestContext): Promise<{ kid: string; retired: string[] }> {
    return this.rpc.call('auth.keys.rotate', parseOrThrow(rotateKeysSchema, body ?? {}), ctx);
  }
}
