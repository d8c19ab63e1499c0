// Tracing starts first: the pg instrumentation must be in place before the driver is required.
import { loadTracingSettings, startProcessTracing } from '@uehub/observability';
startProcessTracing(loadTracingSettings('auth'));
import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { createAuthApp, migrateAuth, rotateSigningKey } from './auth.app';

void runServiceMain('auth', {
  start: (config) => createAuthApp(config),
  migrate: migrateAuth,
  commands: { 'keys:rotate': (config) => rotateSigningKey(config) },
});
