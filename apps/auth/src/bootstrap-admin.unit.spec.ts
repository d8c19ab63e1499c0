import { bootstrapAdminCredentials, DEV_BOOTSTRAP_ADMIN } from './bootstrap-admin';

describe('first superadmin credentials', () => {
  it('should take BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD when set', () => {
    const env = { BOOTSTRAP_ADMIN_EMAIL: 'root@corp.example', BOOTSTRAP_ADMIN_PASSWORD: 'Long-enough-secret', NODE_ENV: 'production' };
    expect(bootstrapAdminCredentials(env)).toEqual({ email: 'root@corp.example', password: 'Long-enough-secret' });
  });

  it('should fall back to the documented development defaults outside production', () => {
    expect(bootstrapAdminCredentials({ NODE_ENV: 'development' })).toEqual(DEV_BOOTSTRAP_ADMIN);
  });

  it('should refuse to start in production without them', () => {
    expect(() => bootstrapAdminCredentials({ NODE_ENV: 'production', BOOTSTRAP_ADMIN_EMAIL: 'root@corp.example' })).toThrow(
      /BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set in production/,
    );
  });
});
