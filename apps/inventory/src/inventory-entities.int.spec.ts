import { entitySchemaSpecification } from '@uehub/testing';
import { openInventoryFixture } from './inventory.fixture';

entitySchemaSpecification('inventory', () => openInventoryFixture('inv_entities'), 'inventory.inventory_items');
