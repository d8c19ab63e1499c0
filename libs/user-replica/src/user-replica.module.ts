import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { UserRefs } from './user-refs.service';
import { UserReplicaConsumer } from './user-replica.consumer';
import { UserReplicaHandler } from './user-replica.handler';
import { USER_REPLICA_HOOKS, USER_REPLICA_OPTIONS, type UserReplicaHook, type UserReplicaOptions } from './user-replica.options';

/**
 * A service's replica of auth's users: the consumer that keeps `<service>_user_refs` current and
 * `UserRefs` for the service's checks. `hooks` run after each change in the consumer's transaction;
 * they are built here, so they may depend on what the service host provides (EventStore, MikroORM).
 */
@Module({})
export class UserReplicaModule {
  static register(options: UserReplicaOptions, hooks: Type<UserReplicaHook>[] = []): DynamicModule {
    return {
      module: UserReplicaModule,
      providers: [
        { provide: USER_REPLICA_OPTIONS, useValue: options },
        ...hooks,
        { provide: USER_REPLICA_HOOKS, inject: hooks, useFactory: (...instances: UserReplicaHook[]) => instances },
        UserRefs,
        UserReplicaHandler,
        UserReplicaConsumer,
      ],
      exports: [UserRefs, UserReplicaHandler],
    };
  }
}
