import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ReadinessChecks } from '@uehub/service-host';
import { SigningKeys } from './sessions/signing-keys';
import { UserRecord } from './users/user.entity';

/**
 * Auth is ready only when a login can succeed: the token signing key is loaded and an active
 * superadmin (the bootstrap admin, made at start) exists. Until then `/health/ready` says 503.
 */
@Injectable()
export class AuthReadiness implements OnModuleInit {
  constructor(
    private readonly checks: ReadinessChecks,
    private readonly keys: SigningKeys,
    private readonly orm: MikroORM,
  ) {}

  onModuleInit(): void {
    this.checks.register('signingKey', async () => {
      await this.keys.signingKey();
      return { ok: true };
    });
    this.checks.register('bootstrapAdmin', async () => {
      const admins = await this.orm.em.fork().count(UserRecord, { role: 'superadmin', isActive: true });
      return admins > 0 ? { ok: true } : { ok: false, detail: 'no active superadmin yet' };
    });
  }
}
