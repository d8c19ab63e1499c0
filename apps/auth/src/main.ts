import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { createAuthApp, migrateAuth } from './auth.app';

void runServiceMain('auth', { start: createAuthApp, migrate: migrateAuth });
