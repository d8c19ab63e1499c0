import { DEFAULT_SUBJECT_PREFIX, isValidSubjectPrefix } from '@uehub/contracts';
import { databaseTarget, type DatabaseTarget } from '@uehub/database';
import { DEFAULT_NATS_URL } from '@uehub/messaging';

/** What every backend service reads from the environment. */
export interface ServiceConfig {
  service: string;
  subjectPrefix: string;
  natsUrl: string;
  database: DatabaseTarget;
  production: boolean;
}

/** Reads and checks a service's configuration; a bad value stops start-up with a clear message. */
export function loadServiceConfig(service: string, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const subjectPrefix = env.NATS_SUBJECT_PREFIX ?? DEFAULT_SUBJECT_PREFIX;
  if (!isValidSubjectPrefix(subjectPrefix)) {
    throw new Error(`NATS_SUBJECT_PREFIX "${subjectPrefix}" is not valid: use letters, digits, '_' and '-', separated by dots`);
  }
  let database: DatabaseTarget;
  try {
    database = databaseTarget(service, env);
  } catch (error) {
    throw new Error(`Database configuration of ${service} is not valid: ${(error as Error).message}`);
  }
  return {
    service,
    subjectPrefix,
    natsUrl: env.NATS_URL ?? DEFAULT_NATS_URL,
    database,
    production: env.NODE_ENV === 'production',
  };
}
