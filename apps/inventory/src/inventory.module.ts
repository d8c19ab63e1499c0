import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { InventoryRpc } from './inventory.rpc';
import { ItemCommands } from './items/item-commands.service';
import { ItemQueries } from './items/item-queries.service';
import { inventoryMigrations, inventoryTables } from './migrations';
import { UserRefs } from './users/user-refs.service';
import { UserReplicaConsumer } from './users/user-replica.consumer';
import { UserReplicaHandler } from './users/user-replica.handler';

/** The inventory service: items, stock movements, who holds what. */
@Module({})
export class InventoryModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: InventoryModule,
      imports: [ServiceHostModule.register({ config, entities: [], migrations: inventoryMigrations, readinessTables: inventoryTables })],
      controllers: [InventoryRpc],
      providers: [UserRefs, UserReplicaHandler, UserReplicaConsumer, ItemCommands, ItemQueries],
    };
  }
}
