import type { INestApplicationContext } from '@nestjs/common';
import { migrateService, openServiceOrm } from '@uehub/database';
import { loadServiceConfig, startServiceApp, type ServiceConfig } from '@uehub/service-host';
import { loadAuthSettings, type AuthSettings } from './auth-settings';
import { AuthModule, authEntities } from './auth.module';
import { authMigrations } from './migrations';
import { SigningKeys } from './sessions/signing-keys';

/** Starts the auth service (no HTTP: it answers over NATS). */
export async function createAuthApp(
  config: ServiceConfig = loadServiceConfig('auth'),
  settings: AuthSettings = loadAuthSettings(),
): Promise<INestApplicationContext> {
  return startServiceApp(AuthModule.register(config, settings));
}

/** Applies auth's migrations: an explicit start-up step, never run on module init. */
export function migrateAuth(config: ServiceConfig = loadServiceConfig('auth')): Promise<string[]> {
  return migrateService({ service: 'auth', target: config.database, entities: authEntities, migrations: authMigrations });
}

/** `main.js keys:rotate`: makes a new signing key current; running auth processes pick it up within their cache time. */
export async function rotateSigningKey(
  config: ServiceConfig = loadServiceConfig('auth'),
  settings: AuthSettings = loadAuthSettings(),
): Promise<{ ok: boolean; kid: string }> {
  const orm = await openServiceOrm({ service: 'auth', target: config.database, entities: authEntities, migrations: authMigrations });
  try {
    const keys = new SigningKeys(orm, settings);
    await keys.onModuleInit();
    return { ok: true, ...(await keys.rotate()) };
  } finally {
    await orm.close(true);
  }
}
