import 'reflect-metadata';
import { redactUrl } from '@uehub/database';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { createAuditApp, migrateAudit } from './audit.app';

/** `node dist/apps/audit/src/main.js` runs the service; `... main.js migrate` applies migrations and exits. */
async function main(command: string | undefined): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig('audit');
  } catch (error) {
    console.error(`audit: configuration is not valid: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (command === 'migrate') {
    const applied = await migrateAudit(config);
    console.log(`audit: ${applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date'} (${redactUrl(config.database.directUrl)})`);
    return;
  }
  if (command !== undefined) {
    console.error(`audit: unknown command "${command}" (use no argument to run, or "migrate")`);
    process.exit(1);
  }
  await createAuditApp(config);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`audit: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
