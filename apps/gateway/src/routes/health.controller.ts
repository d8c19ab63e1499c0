import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { RPC_SERVICES, type ServiceHealth } from '@uehub/contracts';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Public } from '../http/auth.guard';

/** Liveness (the process answers) and readiness (every service and its database answer). */
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ ready: boolean; services: ServiceHealth[] }> {
    const services = await Promise.all(
      RPC_SERVICES.map((service) =>
        this.rpc
          .call(`${service}.health`, {})
          .catch((error: Error): ServiceHealth => ({ service, ready: false, checks: { rpc: { ok: false, detail: error.message } } })),
      ),
    );
    const ready = services.every((s) => s.ready);
    res.status(ready ? 200 : 503);
    return { ready, services };
  }
}
