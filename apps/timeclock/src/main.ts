// Tracing starts first: the pg instrumentation must be in place before the driver is required.
import { loadTracingSettings, startProcessTracing } from '@uehub/observability';
startProcessTracing(loadTracingSettings('timeclock'));
import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { rebuildTimeclock } from './rebuild/rebuild-projections';
import { createTimeclockApp, migrateTimeclock } from './timeclock.app';

void runServiceMain('timeclock', { start: (config) => createTimeclockApp(config), migrate: migrateTimeclock, commands: { rebuild: rebuildTimeclock } });
