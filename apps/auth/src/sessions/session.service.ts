import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { LoginFailureReason, RequestContext, TokenPair } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { EventStore } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { AUTH_SETTINGS, type AuthSettings } from '../auth-settings';
import { UserRecord } from '../users/user.entity';
import { credentials } from './credentials';
import { loginGuard } from './login-guard';
import { PasswordHasher } from './password-hasher';
import { refreshTokens } from './refresh-tokens';
import { TokenIssuer } from './token-issuer';

type Outcome = { ok: true; tokens: TokenPair } | { ok: false; error: AppError };

const WRONG_CREDENTIALS = () => new AppError('UNAUTHENTICATED', 'The email or password is wrong');
const INVALID_REFRESH = () => new AppError('UNAUTHENTICATED', 'The refresh token is not valid');

/**
 * Login, refresh-token rotation and logout. Failures are committed (counter, events)
 * before the error is returned, so a refused attempt is still counted and audited.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly issuer: TokenIssuer,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /**
   * Reads and hashes outside any transaction (a password hash must not hold a pooled
   * connection), then commits the outcome in one short transaction. An unknown email is
   * verified against a dummy hash, so both take the same time.
   */
  async login(email: string, password: string, context: RequestContext): Promise<TokenPair> {
    const em = this.orm.em.fork();
    if (await loginGuard.lockedUntil(em, email)) {
      await this.orm.em.fork().transactional((tx) => this.recordFailure(tx, email, null, 'locked', context, false));
      throw new AppError('ACCOUNT_LOCKED', 'Too many failed logins; try again later');
    }
    const user = await credentials.forLogin(em, email);
    const stored = user?.password_hash ?? undefined;
    const valid = stored ? await this.hasher.verify(password, stored) : await this.hasher.verifyAgainstDummy(password);
    if (!user || !stored || !valid) {
      const locked = await this.orm.em
        .fork()
        .transactional((tx) => this.recordFailure(tx, email, user?.id ?? null, user ? 'wrong_password' : 'unknown_email', context, true));
      throw locked ? new AppError('ACCOUNT_LOCKED', 'Too many failed logins; try again later') : WRONG_CREDENTIALS();
    }
    if (!user.is_active) {
      await this.orm.em.fork().transactional((tx) => this.recordFailure(tx, email, user.id, 'inactive', context, false));
      throw WRONG_CREDENTIALS();
    }
    const upgraded = this.hasher.needsRehash(stored) ? await this.hasher.hash(password) : undefined;
    return this.orm.em.fork().transactional(async (tx) => {
      await loginGuard.reset(tx, email);
      // only if nobody changed the password meanwhile: a concurrent change wins
      if (upgraded) await credentials.replace(tx, user.id, stored, upgraded);
      const familyId = uuidv7();
      const refreshToken = await refreshTokens.issue(tx, user.id, familyId, this.settings.refreshTokenTtlSeconds);
      await this.store.append(tx, {
        streamType: 'session',
        streamId: familyId,
        expectedVersion: 0,
        events: [{ type: 'auth.session.login_succeeded', data: { userId: user.id, email, familyId } }],
        context: { ...context, actor: { kind: 'user', id: user.id, role: user.role, name: user.name } },
      });
      return this.issuer.pair(user, refreshToken);
    });
  }

  async refresh(token: string, context: RequestContext): Promise<TokenPair> {
    const outcome = await this.orm.em.fork().transactional(async (tx): Promise<Outcome> => {
      const row = await refreshTokens.findForUpdate(tx, token);
      if (!row || row.revoked_at || new Date(row.expires_at) <= new Date()) return { ok: false, error: INVALID_REFRESH() };
      const user = await tx.findOne(UserRecord, { id: row.user_id });
      if (row.used_at) {
        // a rotated token came back: whoever holds the family may be an attacker, so end it all
        await refreshTokens.revokeFamily(tx, row.family_id);
        await this.store.append(tx, {
          streamType: 'session',
          streamId: row.family_id,
          expectedVersion: 1,
          events: [{ type: 'auth.session.refresh_reused', data: { userId: row.user_id, familyId: row.family_id } }],
          context,
        });
        return { ok: false, error: INVALID_REFRESH() };
      }
      if (!user?.isActive) {
        await refreshTokens.revokeFamily(tx, row.family_id);
        return { ok: false, error: INVALID_REFRESH() };
      }
      await refreshTokens.markUsed(tx, row.id);
      const next = await refreshTokens.issue(tx, user.id, row.family_id, this.settings.refreshTokenTtlSeconds);
      return { ok: true, tokens: await this.issuer.pair(user, next) };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.tokens;
  }

  async logout(token: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const row = await refreshTokens.findForUpdate(tx, token);
      if (row) await refreshTokens.revokeFamily(tx, row.family_id);
    });
  }

  /** Counts the failure (when it should) and appends `login_failed`; returns whether the account is now locked. */
  private async recordFailure(
    tx: EntityManager,
    email: string,
    userId: string | null,
    reason: LoginFailureReason,
    context: RequestContext,
    counts: boolean,
  ): Promise<boolean> {
    const locked = counts ? await loginGuard.recordFailure(tx, email) : false;
    await this.store.append(tx, {
      streamType: 'login',
      streamId: uuidv7(),
      expectedVersion: 0,
      events: [{ type: 'auth.session.login_failed', data: { email, userId, reason } }],
      context,
    });
    return locked;
  }
}
