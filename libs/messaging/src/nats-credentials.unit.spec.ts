import { natsAuthFromEnv, requireNatsCredentials } from './nats-credentials';

describe('NATS credentials from the environment', () => {
  const url = 'nats://nats:4222';

  it('should read a user and password, or an NKey seed file', () => {
    expect(natsAuthFromEnv({ NATS_USER: 'inventory', NATS_PASSWORD: 'secret' }, url)).toEqual({ user: 'inventory', password: 'secret' });
    expect(natsAuthFromEnv({ NATS_NKEY_SEED_FILE: '/run/secrets/seed' }, url)).toEqual({ nkeySeedFile: '/run/secrets/seed' });
    expect(natsAuthFromEnv({}, url)).toEqual({});
  });

  it('should turn TLS on for a tls:// URL or a CA, with a client certificate when given', () => {
    expect(natsAuthFromEnv({}, 'nats://a:4222, tls://b:4222')).toEqual({ tls: {} });
    expect(natsAuthFromEnv({ NATS_TLS_CA: '/ca.pem', NATS_TLS_CERT: '/c.pem', NATS_TLS_KEY: '/k.pem' }, url)).toEqual({
      tls: { caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' },
    });
  });

  it('should refuse half-set or conflicting variables with a message naming them', () => {
    expect(() => natsAuthFromEnv({ NATS_USER: 'auth' }, url)).toThrow(/NATS_USER and NATS_PASSWORD/);
    expect(() => natsAuthFromEnv({ NATS_PASSWORD: 'x' }, url)).toThrow(/NATS_USER and NATS_PASSWORD/);
    expect(() => natsAuthFromEnv({ NATS_USER: 'a', NATS_PASSWORD: 'b', NATS_NKEY_SEED_FILE: '/s' }, url)).toThrow(/not both/);
    expect(() => natsAuthFromEnv({ NATS_TLS_CERT: '/c.pem' }, url)).toThrow(/NATS_TLS_CERT and NATS_TLS_KEY/);
  });

  it('should refuse to run in production without credentials, and allow the open local default otherwise', () => {
    expect(() => requireNatsCredentials({}, true, 'inventory')).toThrow(/NATS credentials are required in production.*inventory/);
    expect(() => requireNatsCredentials({ tls: {} }, true, 'inventory')).toThrow(/required in production/);
    expect(() => requireNatsCredentials({ user: 'inventory', password: 'x' }, true, 'inventory')).not.toThrow();
    expect(() => requireNatsCredentials({}, false, 'inventory')).not.toThrow();
  });
});
