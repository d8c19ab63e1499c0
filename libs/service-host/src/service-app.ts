import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { isBackendService } from '@uehub/contracts';
import { RpcServer, RpcTransport } from '@uehub/messaging';
import { nestLogger } from '@uehub/observability';
import type { ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

/**
 * Starts a backend service as a Nest microservice whose transport is `RpcTransport` over the
 * service host's `RpcServer` (its NATS connection, prefix and queue group), so `@Handles`
 * handlers (the service's own and the host's `ServiceOpsRpc`: health, dead letters) run through
 * Nest's guards, pipes and filters. `close()` (or SIGTERM) stops taking
 * requests first; the service host then stops the relay, drains NATS and closes the pool.
 */
export async function startServiceApp(module: DynamicModule): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(module, {
    inject: [RpcServer, SERVICE_CONFIG],
    useFactory: (rpc: RpcServer, { service }: ServiceConfig) => {
      if (!isBackendService(service)) throw new Error(`Unknown service "${service}"`);
      return { strategy: new RpcTransport(rpc, service) };
    },
    logger: nestLogger(),
  });
  app.enableShutdownHooks();
  await app.listen();
  return app;
}
