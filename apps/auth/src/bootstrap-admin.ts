import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createUserSchema, type RequestContext } from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { createLogger } from '@uehub/observability';
import { UserCommands } from './users/user-commands.service';
import { BOOTSTRAP_ACTOR_ID } from './users/user.decide';
import { UserRecord } from './users/user.entity';

/** Development defaults, documented in the README; refused in production. */
export const DEV_BOOTSTRAP_ADMIN = { email: 'admin@uehub.local', password: 'ChangeMe-uehub-1' };

const log = createLogger('bootstrap-admin');

/** Where the first superadmin's credentials come from; throws in production when they are not set. */
export function bootstrapAdminCredentials(env: NodeJS.ProcessEnv = process.env): { email: string; password: string } {
  const email = env.BOOTSTRAP_ADMIN_EMAIL;
  const password = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (email && password) return { email, password };
  if (env.NODE_ENV === 'production') {
    throw new Error('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set in production');
  }
  return DEV_BOOTSTRAP_ADMIN;
}

/** Creates the first superadmin at start when there is none (once, across replicas: the email is unique). */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly orm: MikroORM,
    private readonly users: UserCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const credentials = bootstrapAdminCredentials();
    if (await this.orm.em.fork().count(UserRecord, { role: 'superadmin' })) return;
    const input = parseOrThrow(createUserSchema, { ...credentials, name: 'Administrator', role: 'superadmin' }, 'bootstrap admin configuration');
    const context: RequestContext = { actor: { kind: 'system', id: BOOTSTRAP_ACTOR_ID }, correlationId: 'bootstrap' };
    try {
      // no transaction around it: the password is hashed first; replicas racing here meet at the unique email
      const user = await this.users.create(input, context);
      log.info({ userId: user.id, email: user.email }, 'created the first superadmin');
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
}
