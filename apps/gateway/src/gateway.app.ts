import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { httpAccessLog, nestLogger } from '@uehub/observability';
import { loadGatewayConfig, type GatewayConfig } from './gateway-config';
import { GatewayModule } from './gateway.module';
import { serveAuditDesk } from './http/audit-desk';
import { answerClientErrors, requirePathTarget } from './http/http-client-errors';
import { httpMetricsMiddleware } from './http/http-metrics';
import { requestIdMiddleware } from './http/request-context';
import { httpTracingMiddleware } from './http/http-tracing';
import { buildOpenApiDocument } from './openapi/openapi-document';

export const API_PREFIX = 'api/v1';
/** Health and metrics stay outside the versioned prefix (probes and scrapers use fixed paths). */
export const API_PREFIX_OPTIONS = {
  exclude: [
    { path: 'health/*path', method: RequestMethod.GET },
    { path: 'metrics', method: RequestMethod.GET },
  ],
};

/** Builds and starts the gateway; `port` 0 picks a free port (tests). */
export async function createGatewayApp(config: GatewayConfig = loadGatewayConfig()): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.register(config), {
    logger: nestLogger(),
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // the request's trace first (every later step is inside it), then the request id, so that every answer (body errors included) carries it
  app.use(httpTracingMiddleware);
  app.use(requestIdMiddleware);
  // before the body parser, so a request refused there still gets its access line
  app.use(httpAccessLog());
  app.use(httpMetricsMiddleware);
  app.use(requirePathTarget);
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  serveAuditDesk(app);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(), { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
  answerClientErrors(app.getHttpServer());
  await app.listen(config.port, '0.0.0.0');
  return app;
}
