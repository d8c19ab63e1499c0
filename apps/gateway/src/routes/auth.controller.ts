import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { loginSchema, refreshSchema, type TokenPair } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Request } from 'express';
import { Public } from '../http/auth.guard';
import { SharedRateLimiter } from '../http/shared-rate-limiter';
import { anonymousContext } from '../http/request-context';

@Controller('auth')
@Public()
export class AuthController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly limiter: SharedRateLimiter,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() req: Request): Promise<TokenPair> {
    await this.limiter.check('login', req.ip ?? 'unknown');
    return this.rpc.call('auth.login', parseOrThrow(loginSchema, body), anonymousContext(req));
  }

  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body() body: unknown, @Req() req: Request): Promise<TokenPair> {
    await this.limiter.check('refresh', req.ip ?? 'unknown');
    return this.rpc.call('auth.refresh', parseOrThrow(refreshSchema, body), anonymousContext(req));
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Body() body: unknown, @Req() req: Request): Promise<void> {
    await this.rpc.call('auth.logout', parseOrThrow(refreshSchema, body), anonymousContext(req));
  }
}
