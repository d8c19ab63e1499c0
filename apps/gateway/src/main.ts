// Tracing starts first: the pg instrumentation must be in place before the driver is required.
import { loadTracingSettings, startProcessTracing } from '@uehub/observability';
startProcessTracing(loadTracingSettings('gateway'));
import 'reflect-metadata';
import { configureLogging, createLogger, guardProcess } from '@uehub/observability';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway-config';

const log = createLogger('gateway');

async function main(): Promise<void> {
  try {
    const config = loadGatewayConfig();
    if (config.logLevel) configureLogging({ level: config.logLevel });
    guardProcess(log);
    const app = await createGatewayApp(config);
    log.info({ url: await app.getUrl() }, 'gateway listening');
  } catch (error) {
    log.fatal({ err: error instanceof Error ? error.message : String(error) }, 'gateway could not start');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  }
}

void main();
