import { openServiceOrm } from '@uehub/database';
import { loadServiceConfig } from '@uehub/service-host';
import { createTestDatabase, entitySchemaSpecification, testServers } from '@uehub/testing';
import { migrateSafety, safetyDatabase } from './safety.app';

/** Safety's schema migrated into a database of its own, with the service's ORM on it. */
async function openMigratedSafety() {
  const database = await createTestDatabase('safety_entities');
  const config = loadServiceConfig('safety', { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl });
  await migrateSafety(config);
  const orm = await openServiceOrm(safetyDatabase(config));
  return {
    orm,
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}

entitySchemaSpecification('safety', openMigratedSafety, 'safety.safety_checklists');
