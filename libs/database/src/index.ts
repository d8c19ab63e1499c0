export {
  SESSION_SETTINGS,
  DEFAULT_DATABASE_URL,
  pgConnectionOptions,
  databaseTarget,
  viaPooler,
  redactUrl,
} from './database-url';
export type { DatabaseTarget, PgConnectionOptions } from './database-url';
export { roleSettingStatements, missingSessionSettings } from './role-settings';
export { ensureDatabase, dropDatabase, quoteIdent } from './ensure-database';
export { runtimeGrantStatements, runtimeRolesOf, migrationUrlOf } from './service-roles';
export { serviceOrmOptions, openServiceOrm, migrateService } from './service-orm';
export type { ServiceDatabase } from './service-orm';
export { isConnectionError } from './connection-errors';
export { isDataError } from './data-errors';
export { BoundParamsDriver, BoundParamsConnection } from './bound-params-driver';
export { bindParameters } from './bind-parameters';
export { QueryMetricsLogger, DEFAULT_SLOW_QUERY_MS } from './query-metrics-logger';
export type { QueryMetricsOptions } from './query-metrics-logger';
export { ISO_MS_UTC } from './iso-time-sql';
