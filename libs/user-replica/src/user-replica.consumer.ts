import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { EVENT_CONSUMERS, eventSubject } from '@uehub/contracts';
import { EventConsumer, storeTables } from '@uehub/event-store';
import type { NatsConnection } from '@uehub/messaging';
import { ConsumerRegistry, NATS_CONNECTION, SERVICE_CONFIG, type ServiceConfig } from '@uehub/service-host';
import { UserReplicaHandler } from './user-replica.handler';
import { USER_REPLICA_OPTIONS, type UserReplicaOptions } from './user-replica.options';

/** The service's durable consumer of `auth.user.*` that keeps its `<service>_user_refs` current. */
@Injectable()
export class UserReplicaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    private readonly orm: MikroORM,
    private readonly handler: UserReplicaHandler,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(USER_REPLICA_OPTIONS) private readonly options: UserReplicaOptions,
    private readonly consumers: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { service } = this.options;
    this.consumer = new EventConsumer({
      orm: this.orm,
      nc: this.nc,
      tables: storeTables(service),
      subjectPrefix: this.config.subjectPrefix,
      durable: EVENT_CONSUMERS[service][0],
      filterSubject: eventSubject(this.config.subjectPrefix, 'auth.user.>'),
      handler: this.handler,
    });
    this.consumers.register(this.consumer);
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
