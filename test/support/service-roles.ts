// Least-privilege database roles for a whole system: per service an owner that migrates and a
// runtime role the service runs as (the production set-up of docs/database.md).
import { createServiceRoles, type TestServiceRoles } from '@uehub/testing';

export interface SystemRoles {
  /** The `<SERVICE>_DATABASE_*` variables of one service (empty when roles are off). */
  env(service: string): Record<string, string>;
  /** The runtime role a service runs as (undefined when roles are off). */
  runtime(service: string): string | undefined;
  drop(): Promise<void>;
}

export async function systemRoles(databaseUrl: string, services: readonly string[], enabled: boolean): Promise<SystemRoles> {
  const roles = new Map<string, TestServiceRoles>();
  if (enabled) for (const service of services) roles.set(service, await createServiceRoles(databaseUrl, service));
  return {
    env(service) {
      const own = roles.get(service);
      if (!own) return {};
      const key = service.toUpperCase();
      // the runtime role also LISTENs (direct URL); only migrations use the owner
      return { [`${key}_DATABASE_URL`]: own.runtimeUrl, [`${key}_DATABASE_DIRECT_URL`]: own.runtimeUrl, [`${key}_DATABASE_MIGRATION_URL`]: own.ownerUrl };
    },
    runtime: (service) => roles.get(service)?.runtime,
    async drop() {
      for (const own of roles.values()) await own.drop();
    },
  };
}
