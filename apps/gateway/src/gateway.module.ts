import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { DEFAULT_EVIDENCE_MAX_BYTES } from '@uehub/contracts';
import { TokenVerifier } from '@uehub/identity';
import { connectNatsWhenUp, drainNats, inboxPrefixOf, RpcClient, type NatsConnection } from '@uehub/messaging';
import { endProcessTracing } from '@uehub/observability';
import type { GatewayConfig } from './gateway-config';
import { AuthGuard } from './http/auth.guard';
import { SharedRateLimiter } from './http/shared-rate-limiter';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { RevocationList } from './revocation/revocation-list';
import { revocationProviders } from './revocation/revocation.providers';
import { AuditController } from './routes/audit.controller';
import { AuditHoldsController } from './routes/audit-holds.controller';
import { AuthController } from './routes/auth.controller';
import { HealthController } from './routes/health.controller';
import { OpsController } from './routes/ops.controller';
import { SigningKeysController } from './routes/signing-keys.controller';
import { InventoryReportsController } from './routes/inventory-reports.controller';
import { InventoryController } from './routes/inventory.controller';
import { MetricsController } from './routes/metrics.controller';
import { TimeclockController } from './routes/timeclock.controller';
import { TimeclockTimesheetsController } from './routes/timeclock-timesheets.controller';
import { TimeclockRequestsController } from './routes/timeclock-requests.controller';
import { UsersController } from './routes/users.controller';
import { SafetyActionsController } from './routes/safety-actions.controller';
import { SafetyEvidenceController } from './routes/safety-evidence.controller';
import { SafetyReportsController } from './routes/safety-reports.controller';
import { SafetySchedulesController } from './routes/safety-schedules.controller';
import { SafetyInspectionsController } from './routes/safety-inspections.controller';
import { SafetyTemplatesController } from './routes/safety-templates.controller';

const NATS = Symbol('NATS');

/** Drains NATS after the HTTP server stopped taking requests, then sends the spans still buffered. */
class NatsCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await drainNats(this.nc);
    await endProcessTracing();
  }
}

/** The HTTP front door: verifies tokens and roles, validates input, forwards over NATS. */
@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      // photo uploads (safety evidence): in memory, one file, at most SAFETY_EVIDENCE_MAX_BYTES
      imports: [MulterModule.register({ limits: { fileSize: config.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES, files: 1, fields: 5, parts: 6 } })],
      controllers: [
        AuthController,
        UsersController,
        InventoryController,
        InventoryReportsController,
        TimeclockController,
        TimeclockTimesheetsController,
        TimeclockRequestsController,
        SafetyTemplatesController,
        SafetyInspectionsController,
        SafetyActionsController,
        SafetyEvidenceController,
        SafetyReportsController,
        SafetySchedulesController,
        AuditController,
        AuditHoldsController,
        OpsController,
        SigningKeysController,
        HealthController,
        MetricsController,
      ],
      providers: [
        {
          provide: NATS,
          // replies (tokens among them) come to an inbox only the gateway's NATS user may read
          useFactory: () =>
            connectNatsWhenUp(config.natsUrl, 'uehub-gateway', undefined, { auth: config.natsAuth, inboxPrefix: inboxPrefixOf(config.subjectPrefix, 'gateway') }),
        },
        {
          provide: RpcClient,
          inject: [NATS],
          useFactory: (nc: NatsConnection) => new RpcClient(nc, config.subjectPrefix, config.rpcTimeoutMs),
        },
        {
          provide: SharedRateLimiter,
          inject: [NATS],
          useFactory: (nc: NatsConnection) =>
            new SharedRateLimiter(nc, config.subjectPrefix, { login: config.loginRateLimitPerMinute, refresh: config.refreshRateLimitPerMinute ?? 60 }, config.streamReplicas),
        },
        {
          provide: TokenVerifier,
          inject: [RpcClient, RevocationList],
          useFactory: (rpc: RpcClient, revocations: RevocationList) =>
            new TokenVerifier(async () => (await rpc.call('auth.jwks', {})).keys, {
              keysTtlMs: (config.jwksCacheSeconds ?? 60) * 1000,
              isRevoked: (claims) => revocations.isRevoked(claims),
            }),
        },
        ...revocationProviders(NATS, config.subjectPrefix, config.accessTokenTtlSeconds ?? 900),
        NatsCloser,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
