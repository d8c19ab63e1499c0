import type { LoggerService } from '@nestjs/common';
import { Logger, PinoLogger } from 'nestjs-pino';
import { createLogger } from './logger';

/**
 * Nest's own messages (start-up, errors it catches) through nestjs-pino onto our root pino
 * logger, so they come out in the same JSON format, with the same redaction and level.
 */
export function nestLogger(): LoggerService {
  return new Logger(new PinoLogger({ pinoHttp: { logger: createLogger('nest') } }), {});
}
