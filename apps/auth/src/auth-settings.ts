import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Auth's own settings (beyond the service config every backend shares), read from the environment at start. */
export interface AuthSettings {
  accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token (`REFRESH_TOKEN_TTL_SECONDS`, default 30 days). */
  refreshTokenTtlSeconds: number;
  /** How long a process keeps its current signing key before re-reading the table (another process may have rotated). */
  signingKeyCacheMs: number;
  /** AES-256 key that encrypts the signing keys' private halves in the database. */
  keyEncryptionKey: Buffer;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** Outside production only: a fixed, public key, so a developer's database still never holds a private key in the clear. */
const DEV_KEY_ENCRYPTION_KEY = createHash('sha256').update('uehub-development-key-encryption-key').digest();

const schema = z.object({
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(366 * 86_400).default(30 * 86_400),
  SIGNING_KEY_CACHE_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  AUTH_KEY_ENCRYPTION_KEY: z
    .string()
    .optional()
    .transform((value) => (value ? Buffer.from(value, 'base64') : undefined))
    .refine((key) => !key || key.length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
  // OWASP's first argon2id choice: 19 MiB, 2 passes, 1 lane
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).max(4_194_304).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).max(20).default(2),
  ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
});

/** Reads and checks auth's settings; production refuses to start without AUTH_KEY_ENCRYPTION_KEY. */
export function loadAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Auth configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  if (!e.AUTH_KEY_ENCRYPTION_KEY && env.NODE_ENV === 'production') {
    throw new Error('AUTH_KEY_ENCRYPTION_KEY must be set in production (32 bytes, base64)');
  }
  return {
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    signingKeyCacheMs: Math.round(e.SIGNING_KEY_CACHE_SECONDS * 1000),
    keyEncryptionKey: e.AUTH_KEY_ENCRYPTION_KEY ?? DEV_KEY_ENCRYPTION_KEY,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM },
  };
}
