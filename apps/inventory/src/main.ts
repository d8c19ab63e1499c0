// Tracing starts first: the pg instrumentation must be in place before the driver is required.
import { loadTracingSettings, startProcessTracing } from '@uehub/observability';
startProcessTracing(loadTracingSettings('inventory'));
import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { createInventoryApp, migrateInventory } from './inventory.app';
import { rebuildInventory } from './rebuild/rebuild-projections';

void runServiceMain('inventory', { start: createInventoryApp, migrate: migrateInventory, commands: { rebuild: rebuildInventory } });
