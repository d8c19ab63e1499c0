import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MikroORM } from '@mikro-orm/postgresql';
import { ADMIN_ROLES, isBackendService, uuidSchema, type DeadLetterView, type Page, type ServiceHealth } from '@uehub/contracts';
import { OutboxRelay, outOfBandDrift, storeTables } from '@uehub/event-store';
import { HandlesPerService, PublicPattern, RequireRoles, ZodPipe, type NatsConnection } from '@uehub/messaging';
import type { z } from 'zod';
import { ConsumerRegistry, DeadLetterOps, deadLetterListSchema } from './dead-letter-ops';
import { checkReadiness } from './readiness';
import { ReadinessChecks } from './readiness-checks';
import type { ServiceConfig } from './service-config';
import { NATS_CONNECTION, READINESS_TABLES, SERVICE_CONFIG } from './tokens';

/** The patterns every backend service answers under its own name: `<service>.health` and its dead letters. */
@Controller()
export class ServiceOpsRpc {
  private readonly deadLetters: DeadLetterOps;

  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(READINESS_TABLES) private readonly readinessTables: string[],
    private readonly readinessChecks: ReadinessChecks,
    consumers: ConsumerRegistry,
    relay: OutboxRelay,
  ) {
    if (!isBackendService(config.service)) throw new Error(`Unknown service "${config.service}"`);
    this.deadLetters = new DeadLetterOps(config.service, orm, consumers, relay);
  }

  @PublicPattern()
  @HandlesPerService('health')
  async health(): Promise<ServiceHealth> {
    const { service, database } = this.config;
    const health = await checkReadiness(service, this.orm, this.nc, database.schema, this.readinessTables);
    const own = await this.readinessChecks.run();
    const drift = await outOfBandDrift(this.orm.em.fork(), storeTables(service)).catch(() => undefined);
    return { ...health, checks: { ...health.checks, ...own }, ready: health.ready && Object.values(own).every((c) => c.ok), ...(drift ? { drift } : {}) };
  }

  @RequireRoles(ADMIN_ROLES, 'manage dead letters')
  @HandlesPerService('dead_letters.list')
  listDeadLetters(@Payload(new ZodPipe(deadLetterListSchema, 'query')) query: z.output<typeof deadLetterListSchema>): Promise<Page<DeadLetterView>> {
    return this.deadLetters.list(query);
  }

  @RequireRoles(ADMIN_ROLES, 'manage dead letters')
  @HandlesPerService('dead_letters.retry')
  retryDeadLetter(@Payload('id', new ZodPipe(uuidSchema, 'dead letter id')) id: string): Promise<{ resolved: boolean; deadLetter: DeadLetterView }> {
    return this.deadLetters.retry(id);
  }
}
