import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { EVENT_CONSUMERS, eventSubject } from '@uehub/contracts';
import { EventConsumer, storeTables } from '@uehub/event-store';
import { ConsumerRegistry, NATS_CONNECTION, SERVICE_CONFIG, type ServiceConfig } from '@uehub/service-host';
import type { NatsConnection } from '@uehub/messaging';
import { UserReplicaHandler } from './user-replica.handler';

/** The durable consumer of `auth.user.*` that keeps `safety_user_refs` current. */
@Injectable()
export class UserReplicaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    private readonly orm: MikroORM,
    private readonly handler: UserReplicaHandler,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly consumers: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new EventConsumer({
      orm: this.orm,
      nc: this.nc,
      tables: storeTables('safety'),
      subjectPrefix: this.config.subjectPrefix,
      durable: EVENT_CONSUMERS.safety[0],
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
