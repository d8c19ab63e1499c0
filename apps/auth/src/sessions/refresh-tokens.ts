import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Rotating refresh tokens, stored only as SHA-256 hashes; a family is one login's chain of rotations. */
export const refreshTokens = {
  async issue(tx: EntityManager, userId: string, familyId: string, ttlSeconds: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await tx.execute(
      `insert into auth.auth_refresh_tokens (id, family_id, user_id, token_hash, expires_at)
       values (?, ?, ?, ?, now() + make_interval(secs => ?))`,
      [uuidv7(), familyId, userId, hashToken(token), ttlSeconds],
    );
    return token;
  },

  /** Finds a token by its value and locks its row, so two concurrent uses are serialized. */
  async findForUpdate(tx: EntityManager, token: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await tx.execute<RefreshTokenRow[]>(
      `select id, family_id, user_id, expires_at, used_at, revoked_at from auth.auth_refresh_tokens
        where token_hash = ? for update`,
      [hashToken(token)],
    );
    return row;
  },

  async markUsed(tx: EntityManager, id: string): Promise<void> {
    await tx.execute('update auth.auth_refresh_tokens set used_at = now() where id = ?', [id]);
  },

  async revokeFamily(tx: EntityManager, familyId: string): Promise<void> {
    await tx.execute('update auth.auth_refresh_tokens set revoked_at = now() where family_id = ? and revoked_at is null', [
      familyId,
    ]);
  },
};
