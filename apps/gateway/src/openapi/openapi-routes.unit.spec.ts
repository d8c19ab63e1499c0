import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadGatewayConfig } from '../gateway-config';
import { API_PREFIX, API_PREFIX_OPTIONS } from '../gateway.app';
import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument } from './openapi-document';

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}
interface ExpressApp {
  router: { stack: ExpressLayer[] };
}

/**
 * The routes Nest registered on Express for the gateway's own controllers and prefix: the
 * controllers are taken from the module (a new controller is covered without editing this
 * test), their dependencies stubbed, since only the routing is looked at.
 */
async function registeredRoutes(): Promise<string[]> {
  const controllers = GatewayModule.register(loadGatewayConfig({})).controllers ?? [];
  const moduleRef = await Test.createTestingModule({ controllers }).useMocker(() => ({})).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  await app.init();
  // Express's own types leave out `route.methods`, which its router does set
  const express = app.getHttpAdapter().getInstance() as unknown as ExpressApp;
  // Nest also mounts its 404 handler for every method on each excluded path (`app.all`):
  // those layers carry many methods, a controller route one
  const routes = express.router.stack.flatMap(({ route }) => {
    const methods = Object.keys(route?.methods ?? {});
    const path = route?.path;
    if (typeof path !== 'string' || methods.length !== 1) return [];
    return [`${methods[0].toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`];
  });
  await app.close();
  return routes.sort();
}

function documentedRoutes(): string[] {
  const paths = buildOpenApiDocument().paths;
  return Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item ?? {}).filter((key) => key !== 'parameters').map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('OpenAPI document against the registered routes', () => {
  it('should document every route Nest registered, and document no route that does not exist', async () => {
    const registered = await registeredRoutes();
    expect(registered.length).toBeGreaterThan(20);
    expect(documentedRoutes()).toEqual(registered);
  });
});
