import { configureLogging, createLogger, guardProcess } from '@uehub/observability';
import { waitForDatabase } from './dependency-wait';
import { republishCommand } from './republish-command';
import { loadServiceConfig, type ServiceConfig } from './service-config';

export interface ServiceEntry {
  start(config: ServiceConfig): Promise<unknown>;
  migrate?(config: ServiceConfig): Promise<string[]>;
  /** Further one-shot commands (`main.js <name>`); a result with `ok: false` exits with 1. */
  commands?: Record<string, (config: ServiceConfig) => Promise<{ ok: boolean }>>;
}

/**
 * The process entry of a service: `main.js migrate` applies its migrations and exits;
 * `main.js outbox:republish --from-position N` publishes stored events again; `main.js` starts
 * it. A configuration or start-up error ends the process with a clear message.
 */
export async function runServiceMain(service: string, entry: ServiceEntry, argv = process.argv.slice(2)): Promise<void> {
  const log = createLogger(service);
  try {
    const config = loadServiceConfig(service);
    if (config.logLevel) configureLogging({ level: config.logLevel });
    if (argv[0] === 'migrate') {
      await waitForDatabase(config.database.directUrl, config.startupTimeoutMs);
      const applied = (await entry.migrate?.(config)) ?? [];
      log.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
      return;
    }
    const command = argv[0] === 'outbox:republish' ? (c: ServiceConfig) => republishCommand(c, argv.slice(1)) : argv[0] ? entry.commands?.[argv[0]] : undefined;
    if (argv[0] && !command) throw new Error(`Unknown command "${argv[0]}"`);
    if (command) {
      const result = await command(config);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exitCode = result.ok ? 0 : 1;
      return;
    }
    guardProcess(log);
    await entry.start(config);
    log.info({ subjectPrefix: config.subjectPrefix }, `${service} started`);
  } catch (error) {
    log.fatal({ err: error instanceof Error ? error.message : String(error) }, `${service} could not start`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  }
}
