// Tracing starts first: the pg instrumentation must be in place before the driver is required.
import { loadTracingSettings, startProcessTracing } from '@uehub/observability';
startProcessTracing(loadTracingSettings('safety'));
import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { rebuildSafety } from './rebuild/rebuild-safety';
import { createSafetyApp, migrateSafety } from './safety.app';

void runServiceMain('safety', { start: createSafetyApp, migrate: migrateSafety, commands: { rebuild: rebuildSafety } });
