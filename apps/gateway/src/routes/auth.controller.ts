import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { loginSchema, refreshSchema, type TokenPair } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Request } from 'express';
import { Public } from '../http/auth.guard';
import { LoginRateLimiter } from '../http/login-rate-limiter';
import { anonymousContext } from '../http/request-context';

@Controller('auth')
@Public()
export class AuthController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(LoginRateLimiter) private readonly limiter: LoginRateLimiter,
  ) {}

  @Post('login')
  @HttpCode(200)
  login(@Body() body: unknown, @Req() req: Request): Promise<TokenPair> {
    this.limiter.check(req.ip ?? 'unknown');
    return this.rpc.call('auth.login', parseOrThrow(loginSchema, body), anonymousContext(req));
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: unknown, @Req() req: Request): Promise<TokenPair> {
    return this.rpc.call('auth.refresh', parseOrThrow(refreshSchema, body), anonymousContext(req));
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Body() body: unknown, @Req() req: Request): Promise<void> {
    await this.rpc.call('auth.logout', parseOrThrow(refreshSchema, body), anonymousContext(req));
  }
}
