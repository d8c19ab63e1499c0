import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { UserReplicaModule } from '@uehub/user-replica';
import { InventoryRpc } from './inventory.rpc';
import { ItemCommands } from './items/item-commands.service';
import { ItemQueries } from './items/item-queries.service';
import { inventoryMigrations, inventoryTables } from './migrations';
import { INVENTORY_REPLICA } from './users/inventory-replica';
import { inventoryEntities } from './inventory-entities';

/** The inventory service: items, stock movements, who holds what. */
@Module({})
export class InventoryModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: InventoryModule,
      imports: [
        ServiceHostModule.register({ config, entities: inventoryEntities, migrations: inventoryMigrations, readinessTables: inventoryTables }),
        UserReplicaModule.register(INVENTORY_REPLICA),
      ],
      controllers: [InventoryRpc],
      providers: [ItemCommands, ItemQueries],
    };
  }
}
