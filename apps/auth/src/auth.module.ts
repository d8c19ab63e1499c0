import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';
import { AuthReadiness } from './auth-readiness';
import { AuthRpc } from './auth.rpc';
import { BootstrapAdmin } from './bootstrap-admin';
import { authMigrations, authTables } from './migrations';
import { PasswordHasher } from './sessions/password-hasher';
import { SessionService } from './sessions/session.service';
import { SigningKeys } from './sessions/signing-keys';
import { TokenIssuer } from './sessions/token-issuer';
import { UserCommands } from './users/user-commands.service';
import { UserQueries } from './users/user-queries.service';
import { UserRecord } from './users/user.entity';

export const authEntities = [UserRecord];

/** Auth's settings, visible to every module of the auth process (the service host's too). */
@Global()
@Module({})
class AuthSettingsModule {
  static register(settings: AuthSettings): DynamicModule {
    return { module: AuthSettingsModule, providers: [{ provide: AUTH_SETTINGS, useValue: settings }], exports: [AUTH_SETTINGS] };
  }
}

/** The auth service: users, credentials, sessions and token signing. */
@Module({})
export class AuthModule {
  static register(config: ServiceConfig, settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        // the settings are global: the host instantiates SigningKeys (auth's key store), which needs them
        AuthSettingsModule.register(settings),
        // the host provides SigningKeys (as auth's key store), so auth verifies tokens without a network hop
        ServiceHostModule.register({ config, entities: authEntities, migrations: authMigrations, readinessTables: authTables, keyStore: SigningKeys }),
      ],
      controllers: [AuthRpc],
      providers: [PasswordHasher, TokenIssuer, SessionService, UserCommands, UserQueries, BootstrapAdmin, AuthReadiness],
    };
  }
}
