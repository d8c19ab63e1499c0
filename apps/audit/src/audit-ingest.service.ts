import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { eventSubjectFilter } from '@uehub/contracts';
import { EventConsumer } from '@uehub/event-store';
import type { NatsConnection } from '@uehub/messaging';
import { ConsumerRegistry, NATS_CONNECTION, SERVICE_CONFIG, type ServiceConfig } from '@uehub/service-host';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-options';
import { AuditRecordHandler } from './audit-record.handler';
import { AUDIT_DURABLE, AUDIT_STORE_TABLES } from './audit-tables';

/** Events per batch at most: a backlog goes in at twice the rate of batches of 100 (issue 12). */
export const AUDIT_BATCH_SIZE = 500;

/**
 * Ingests every domain event of the prefix through one durable consumer shared by the
 * replicas: idempotent (inbox + unique event id), batched, acked after commit, poison
 * events dead-lettered after bounded retries.
 */
@Injectable()
export class AuditIngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly consumer: EventConsumer;

  constructor(
    orm: MikroORM,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(AUDIT_OPTIONS) options: AuditOptions,
    handler: AuditRecordHandler,
    consumers: ConsumerRegistry,
  ) {
    this.consumer = new EventConsumer({
      orm,
      nc,
      tables: AUDIT_STORE_TABLES,
      subjectPrefix: config.subjectPrefix,
      durable: AUDIT_DURABLE,
      filterSubject: eventSubjectFilter(config.subjectPrefix),
      handler,
      maxDeliver: options.consumer?.maxDeliver,
      backoffMs: options.consumer?.backoffMs,
      batchSize: options.consumer?.batchSize ?? AUDIT_BATCH_SIZE,
    });
    consumers.register(this.consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
