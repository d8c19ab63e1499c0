import { DEFAULT_DATABASE_URL, databaseTarget, pgConnectionOptions, preparesStatements, redactUrl, viaPooler } from './database-url';
import { roleSettingStatements } from './role-settings';

const NEON = 'postgresql://app%40neon:p%40ss%2Fword@ep-cool-1234-pooler.eu-central-1.aws.neon.tech:6543/uehub%20prod';

describe('pgConnectionOptions', () => {
  describe('when the URL names every part', () => {
    it('should decode host, port, user, password and database', () => {
      expect(pgConnectionOptions(NEON, 'uehub-auth')).toMatchObject({
        host: 'ep-cool-1234-pooler.eu-central-1.aws.neon.tech',
        port: 6543,
        user: 'app@neon',
        password: 'p@ss/word',
        database: 'uehub prod',
        application_name: 'uehub-auth',
      });
    });

    it('should send the session settings as startup options', () => {
      expect(pgConnectionOptions(NEON, 'x').options).toBe(
        '-c statement_timeout=30s -c idle_in_transaction_session_timeout=60s -c jit=off',
      );
    });

    it('should leave the startup options out for a pooler, which refuses them', () => {
      expect(pgConnectionOptions(NEON, 'x', { startupOptions: false })).not.toHaveProperty('options');
    });
  });

  describe('when the URL leaves parts out', () => {
    it('should fall back to port 5432, user postgres and no password', () => {
      const options = pgConnectionOptions('postgres://db.internal/uehub', 'x');
      expect(options).toMatchObject({ host: 'db.internal', port: 5432, user: 'postgres', database: 'uehub' });
      expect(options.password).toBeUndefined();
    });

    it('should refuse a URL without a database', () => {
      expect(() => pgConnectionOptions('postgresql://postgres@127.0.0.1:5432/', 'x')).toThrow(/names no database/);
    });
  });

  describe('when the URL carries an sslmode', () => {
    it.each([
      ['require', { rejectUnauthorized: false }],
      ['verify-ca', { rejectUnauthorized: true }],
      ['verify-full', { rejectUnauthorized: true }],
      ['prefer', false],
      ['allow', false],
      ['disable', false],
    ] as const)('should map sslmode=%s to ssl %p', (mode, ssl) => {
      expect(pgConnectionOptions(`postgresql://u@h/db?sslmode=${mode}`, 'x').ssl).toEqual(ssl);
    });

    it('should leave TLS off when sslmode is absent', () => {
      expect(pgConnectionOptions('postgresql://u@h/db', 'x').ssl).toBe(false);
    });

    it('should refuse an unknown sslmode', () => {
      expect(() => pgConnectionOptions('postgresql://u@h/db?sslmode=required', 'x')).toThrow(/Unknown sslmode "required"/);
    });
  });

  describe('when the URL is not a PostgreSQL URL', () => {
    it.each(['mysql://u@h/db', 'https://h/db', 'redis://h:6379/0'])('should refuse %s', (url) => {
      expect(() => pgConnectionOptions(url, 'x')).toThrow(/must start with postgres:\/\/ or postgresql:\/\//);
    });

    it('should refuse text that is no URL at all', () => {
      expect(() => pgConnectionOptions('127.0.0.1:5432/uehub', 'x')).toThrow();
    });
  });
});

describe('databaseTarget', () => {
  const serviceUrl = 'postgresql://auth@pooler/auth';
  const sharedUrl = 'postgresql://shared@pooler/uehub';
  const serviceDirect = 'postgresql://auth@direct/auth';
  const sharedDirect = 'postgresql://shared@direct/uehub';

  describe('when nothing is configured', () => {
    it('should use the local default for both URLs and the service name as schema', () => {
      expect(databaseTarget('auth', {})).toEqual({
        pooledUrl: DEFAULT_DATABASE_URL,
        directUrl: DEFAULT_DATABASE_URL,
        schema: 'auth',
      });
    });
  });

  describe('when only DATABASE_URL is set', () => {
    it('should use it for queries and, lacking a direct URL, for migrations too', () => {
      expect(databaseTarget('auth', { DATABASE_URL: sharedUrl })).toMatchObject({ pooledUrl: sharedUrl, directUrl: sharedUrl });
    });
  });

  describe('when a service URL is set as well', () => {
    it('should prefer <SERVICE>_DATABASE_URL over DATABASE_URL', () => {
      const env = { DATABASE_URL: sharedUrl, AUTH_DATABASE_URL: serviceUrl };
      expect(databaseTarget('auth', env).pooledUrl).toBe(serviceUrl);
      expect(databaseTarget('audit', env).pooledUrl).toBe(sharedUrl);
    });
  });

  describe('when direct URLs are set', () => {
    it('should prefer <SERVICE>_DATABASE_DIRECT_URL over DATABASE_DIRECT_URL over the pooled URL', () => {
      const env = {
        AUTH_DATABASE_URL: serviceUrl,
        DATABASE_DIRECT_URL: sharedDirect,
        AUTH_DATABASE_DIRECT_URL: serviceDirect,
      };
      expect(databaseTarget('auth', env)).toEqual({ pooledUrl: serviceUrl, directUrl: serviceDirect, schema: 'auth' });
      expect(databaseTarget('audit', env)).toEqual({ pooledUrl: DEFAULT_DATABASE_URL, directUrl: sharedDirect, schema: 'audit' });
    });
  });

  describe('when a pool size is set', () => {
    it('should prefer <SERVICE>_DATABASE_POOL_MAX over DATABASE_POOL_MAX, and leave it out when unset', () => {
      const env = { DATABASE_POOL_MAX: '12', INVENTORY_DATABASE_POOL_MAX: '20' };
      expect(databaseTarget('inventory', env).poolMax).toBe(20);
      expect(databaseTarget('auth', env).poolMax).toBe(12);
      expect(databaseTarget('auth', {})).not.toHaveProperty('poolMax');
    });

    it('should refuse a size that is not a whole number from 1 to 100', () => {
      for (const bad of ['0', '101', '2.5', 'ten']) expect(() => databaseTarget('auth', { DATABASE_POOL_MAX: bad })).toThrow(/^DATABASE_POOL_MAX/);
      expect(() => databaseTarget('auth', { AUTH_DATABASE_POOL_MAX: 'x' })).toThrow(/^AUTH_DATABASE_POOL_MAX/);
    });
  });

  describe('when plan reuse is configured', () => {
    const pooled = { DATABASE_URL: 'postgres://u@pooler:6432/db', DATABASE_DIRECT_URL: 'postgres://u@db:5432/db' };

    it('should reuse plans straight to PostgreSQL and not through a pooler, unless told', () => {
      expect(preparesStatements(databaseTarget('auth', {}))).toBe(true);
      expect(preparesStatements(databaseTarget('auth', pooled))).toBe(false);
      expect(preparesStatements(databaseTarget('auth', { ...pooled, DATABASE_PREPARED_STATEMENTS: 'true' }))).toBe(true);
      expect(preparesStatements(databaseTarget('auth', { DATABASE_PREPARED_STATEMENTS: ' FALSE ' }))).toBe(false);
    });

    it('should refuse a value other than true or false', () => {
      expect(() => databaseTarget('auth', { DATABASE_PREPARED_STATEMENTS: 'yes' })).toThrow(/^DATABASE_PREPARED_STATEMENTS "yes" is not valid/);
    });
  });

  describe('when a configured URL is invalid', () => {
    it('should fail at start-up rather than on the first query', () => {
      expect(() => databaseTarget('auth', { AUTH_DATABASE_URL: 'mysql://u@h/db' })).toThrow(/postgres/);
      expect(() => databaseTarget('auth', { DATABASE_DIRECT_URL: 'postgresql://u@h/db?sslmode=on' })).toThrow(/sslmode/);
    });
  });
});

describe('redactUrl', () => {
  it('should mask the password and keep the rest', () => {
    const redacted = redactUrl(NEON);
    expect(redacted).not.toContain('p%40ss');
    expect(redacted).toBe('postgresql://app%40neon:***@ep-cool-1234-pooler.eu-central-1.aws.neon.tech:6543/uehub%20prod');
  });

  it('should leave a URL without a password as it is', () => {
    expect(redactUrl('postgresql://postgres@127.0.0.1:5432/uehub')).toBe('postgresql://postgres@127.0.0.1:5432/uehub');
  });

  it('should not echo text it cannot parse, which may hold a password', () => {
    expect(redactUrl('//app:secret@127.0.0.1/uehub')).toBe('(unparseable database URL)');
  });
});

describe('viaPooler', () => {
  const direct = NEON.replace('-pooler', '');

  it('should take the pooled URL for a pooler only when it differs from the direct one', () => {
    const neon = databaseTarget('auth', { DATABASE_URL: NEON, DATABASE_DIRECT_URL: direct });
    expect([viaPooler(neon, NEON), viaPooler(neon, direct)]).toEqual([true, false]);
    const local = databaseTarget('auth', { DATABASE_URL: direct });
    expect(viaPooler(local, direct)).toBe(false);
  });

  it("should name the pooled URL's role and database in the role defaults it needs", () => {
    expect(roleSettingStatements(databaseTarget('auth', { DATABASE_URL: NEON, DATABASE_DIRECT_URL: direct }))).toEqual([
      `alter role "app@neon" in database "uehub prod" set statement_timeout = '30s'`,
      `alter role "app@neon" in database "uehub prod" set idle_in_transaction_session_timeout = '60s'`,
      `alter role "app@neon" in database "uehub prod" set jit = 'off'`,
    ]);
  });
});
