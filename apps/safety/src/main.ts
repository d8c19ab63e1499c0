import 'reflect-metadata';
import { runServiceMain } from '@uehub/service-host';
import { createSafetyApp, migrateSafety } from './safety.app';

void runServiceMain('safety', { start: createSafetyApp, migrate: migrateSafety });
