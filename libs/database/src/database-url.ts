/** Settings DESIGN.md 5 requires on every connection, sent as startup options. */
export const SESSION_SETTINGS = {
  statement_timeout: '30s',
  idle_in_transaction_session_timeout: '60s',
  jit: 'off',
} as const;

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/uehub';

/** What a service needs to reach its database: pooled for queries, direct for migrations and LISTEN. */
export interface DatabaseTarget {
  /** Connection URL for queries (may point at a transaction-mode pooler such as Neon's). */
  pooledUrl: string;
  /** Connection URL for migrations and LISTEN/NOTIFY (never a pooler). */
  directUrl: string;
  /** PostgreSQL schema the service owns. */
  schema: string;
  /** Connection URL of the owner role that runs migrations (default: the direct URL); the other URLs' roles get only `runtimeGrantStatements`. */
  migrationUrl?: string;
  /** Largest query pool (`<SERVICE>_DATABASE_POOL_MAX` or `DATABASE_POOL_MAX`); the service's default when absent. */
  poolMax?: number;
  /**
   * Statements sent as named prepared statements so PostgreSQL reuses their plans
   * (`DATABASE_PREPARED_STATEMENTS`); absent: when the pooled URL is the direct one, never through
   * a pooler (it must carry protocol-level prepared statements to be told `true`).
   */
  preparedStatements?: boolean;
}

export interface PgConnectionOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  ssl: false | { rejectUnauthorized: boolean };
  /** The session settings as startup `options`; absent for a URL that goes through a pooler. */
  options?: string;
  application_name: string;
}

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

/**
 * Reads a PostgreSQL URL into driver options. `sslmode=require` (Neon) turns TLS on;
 * `verify-ca`/`verify-full` also check the certificate; `disable`/`prefer`/absent leave it off.
 * `startupOptions: false` for a pooler, which refuses the startup packet's `options`
 * (PgBouncer: "unsupported startup parameter"): there the settings come from the role.
 */
export function pgConnectionOptions(url: string, applicationName: string, { startupOptions = true } = {}): PgConnectionOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`Database URL must start with postgres:// or postgresql://, got "${parsed.protocol}"`);
  }
  const sslMode = parsed.searchParams.get('sslmode') ?? 'disable';
  if (!SSL_MODES.has(sslMode)) throw new Error(`Unknown sslmode "${sslMode}" in the database URL`);
  const ssl =
    sslMode === 'require' ? { rejectUnauthorized: false } : sslMode.startsWith('verify') ? { rejectUnauthorized: true } : false;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error('The database URL names no database');
  return {
    host: decodeURIComponent(parsed.hostname) || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    ssl,
    ...(startupOptions ? { options: sessionSettingsOptions() } : {}),
    application_name: applicationName,
  };
}

function sessionSettingsOptions(): string {
  return Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
}

/**
 * Whether `url` is the target's pooled URL and that differs from the direct one, i.e. goes
 * through a transaction-mode pooler (Neon's `-pooler` host): no startup options, no LISTEN.
 */
export function viaPooler(target: DatabaseTarget, url: string): boolean {
  return url === target.pooledUrl && target.pooledUrl !== target.directUrl;
}

/** Resolves a service's URLs: `<SERVICE>_DATABASE_URL` wins over `DATABASE_URL`; `*_DIRECT_URL` for migrations. */
export function databaseTarget(service: string, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const key = service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const pooledUrl = env[`${key}_DATABASE_URL`] ?? env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const directUrl = env[`${key}_DATABASE_DIRECT_URL`] ?? env.DATABASE_DIRECT_URL ?? pooledUrl;
  const migrationUrl = env[`${key}_DATABASE_MIGRATION_URL`] ?? env.DATABASE_MIGRATION_URL;
  for (const url of [pooledUrl, directUrl, migrationUrl ?? directUrl]) pgConnectionOptions(url, service);
  const poolMaxName = env[`${key}_DATABASE_POOL_MAX`] === undefined ? 'DATABASE_POOL_MAX' : `${key}_DATABASE_POOL_MAX`;
  const poolMax = poolMaxOf(poolMaxName, env[poolMaxName]);
  const preparedStatements = booleanOf('DATABASE_PREPARED_STATEMENTS', env.DATABASE_PREPARED_STATEMENTS);
  return {
    pooledUrl,
    directUrl,
    schema: service,
    ...(migrationUrl ? { migrationUrl } : {}),
    ...(poolMax ? { poolMax } : {}),
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
  };
}

/** Whether the service's queries go as named prepared statements (see `DatabaseTarget.preparedStatements`). */
export function preparesStatements(target: DatabaseTarget): boolean {
  return target.preparedStatements ?? target.pooledUrl === target.directUrl;
}

function booleanOf(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim().toLowerCase();
  if (text !== 'true' && text !== 'false') throw new Error(`${name} "${value}" is not valid: use true or false`);
  return text === 'true';
}

function poolMaxOf(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`${name} "${value}" is not valid: use a whole number from 1 to 100`);
  return n;
}

/** A URL with the password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
