import { DEFAULT_SUBJECT_PREFIX, isValidSubjectPrefix } from '@uehub/contracts';
import { DEFAULT_NATS_URL, DEFAULT_RPC_TIMEOUT_MS, natsAuthFromEnv, requireNatsCredentials, type NatsAuth } from '@uehub/messaging';
import { logLevelFrom, type LogLevel } from '@uehub/observability';
import { z } from 'zod';

/** The gateway's configuration, read from the environment and checked at start. */
export interface GatewayConfig {
  port: number;
  natsUrl: string;
  /** The gateway's own NATS user (`NATS_USER`/`NATS_PASSWORD` or `NATS_NKEY_SEED_FILE`, TLS); required in production. */
  natsAuth?: NatsAuth;
  subjectPrefix: string;
  rpcTimeoutMs: number;
  /** Login attempts allowed per client IP per minute, across all replicas. */
  loginRateLimitPerMinute: number;
  /** Token refreshes allowed per client IP per minute, across all replicas (default 60). */
  refreshRateLimitPerMinute?: number;
  /** Express `trust proxy` setting, so the client IP is right behind a load balancer. */
  trustProxy: boolean | number;
  bodyLimit: string;
  /** How long the gateway keeps auth's public keys before refetching them (seconds; default 60). */
  jwksCacheSeconds?: number;
  /** Access-token lifetime (the same `ACCESS_TOKEN_TTL_SECONDS` auth signs with): how far back revocations are read. */
  accessTokenTtlSeconds?: number;
  /** `LOG_LEVEL` (default `info`, `error` under tests), applied by main. */
  logLevel?: LogLevel;
  /** Largest safety photo upload in bytes (`SAFETY_EVIDENCE_MAX_BYTES`, default 10 MB). */
  evidenceMaxBytes?: number;
  /** Copies of the rate-limit bucket (`NATS_STREAM_REPLICAS`, default 1; 3 on a three-node cluster). */
  streamReplicas?: number;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NATS_URL: z.string().min(1).default(DEFAULT_NATS_URL),
  NATS_SUBJECT_PREFIX: z.string().default(DEFAULT_SUBJECT_PREFIX).refine(isValidSubjectPrefix, 'not a valid subject prefix'),
  // services get a deadline a margin before this (deadlineBudgetMs) and bound their statements by it
  RPC_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(DEFAULT_RPC_TIMEOUT_MS),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  REFRESH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : Number(v)))
    .refine((v) => typeof v === 'boolean' || Number.isInteger(v), 'true, false or a hop count'),
  BODY_LIMIT: z.string().default('100kb'),
  JWKS_CACHE_SECONDS: z.coerce.number().positive().max(86_400).default(60),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  SAFETY_EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
});

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Gateway configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  let natsAuth: NatsAuth;
  try {
    natsAuth = natsAuthFromEnv(env, e.NATS_URL);
    requireNatsCredentials(natsAuth, env.NODE_ENV === 'production', 'the gateway');
  } catch (error) {
    throw new Error(`Gateway configuration is not valid: ${(error as Error).message}`);
  }
  return {
    port: e.PORT,
    natsUrl: e.NATS_URL,
    natsAuth,
    subjectPrefix: e.NATS_SUBJECT_PREFIX,
    rpcTimeoutMs: e.RPC_TIMEOUT_MS,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    refreshRateLimitPerMinute: e.REFRESH_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    bodyLimit: e.BODY_LIMIT,
    jwksCacheSeconds: e.JWKS_CACHE_SECONDS,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    streamReplicas: e.NATS_STREAM_REPLICAS,
    logLevel: logLevelFrom(env),
    evidenceMaxBytes: e.SAFETY_EVIDENCE_MAX_BYTES,
  };
}
