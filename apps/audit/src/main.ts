import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { createAuditApp, migrateAudit } from './audit.app';

void runServiceMain('audit', { start: (config) => createAuditApp(config), migrate: migrateAudit });
