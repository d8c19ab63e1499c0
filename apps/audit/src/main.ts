// Tracing starts first: the pg instrumentation must be in place before the driver is required.
import { loadTracingSettings, startProcessTracing } from '@uehub/observability';
startProcessTracing(loadTracingSettings('audit'));
import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { createAuditApp, migrateAudit } from './audit.app';
import { exportCommand } from './export/export-command';
import { reconcileCommand } from './reconciliation/reconcile-command';
import { purgeCommand } from './retention/purge-command';
import { verifyCommand } from './verification/verify-command';

void runServiceMain('audit', {
  start: (config) => createAuditApp(config),
  migrate: migrateAudit,
  commands: {
    'audit:verify': (config) => verifyCommand(config, process.argv.slice(3)),
    'audit:export': (config) => exportCommand(config, process.argv.slice(3)),
    'audit:reconcile': (config) => reconcileCommand(config, process.argv.slice(3)),
    'audit:purge': (config) => purgeCommand(config, process.argv.slice(3)),
  },
});
