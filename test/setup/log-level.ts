// Tests build apps without the entry points, so nothing else applies LOG_LEVEL: quiet by
// default (NODE_ENV is "test" under jest), `LOG_LEVEL=debug npm run jest ...` to see more.
import { configureLogging, logLevelFrom } from '@uehub/observability';

configureLogging({ level: logLevelFrom(process.env) });
