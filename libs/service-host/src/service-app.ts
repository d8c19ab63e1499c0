import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { RpcServer, RpcTransport } from '@uehub/messaging';
import { nestLogger } from '@uehub/observability';

/**
 * Starts a backend service as a Nest microservice whose transport is `RpcTransport` over the
 * service host's `RpcServer` (its NATS connection, prefix and queue group), so `@Handles`
 * handlers run through Nest's guards, pipes and filters. `close()` (or SIGTERM) stops taking
 * requests first; the service host then stops the relay, drains NATS and closes the pool.
 */
export async function startServiceApp(module: DynamicModule): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(module, {
    inject: [RpcServer],
    useFactory: (rpc: RpcServer) => ({ strategy: new RpcTransport(rpc) }),
    logger: nestLogger(),
  });
  app.enableShutdownHooks();
  await app.listen();
  return app;
}
