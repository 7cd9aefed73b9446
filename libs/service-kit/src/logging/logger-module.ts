import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { createLogger } from './logger';

/** The service's root pino logger, for the access log that createServiceApp mounts. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * nestjs-pino as Nest's logger, writing through the service's pino logger (trace fields on every
 * line), without its per-request pino-http middleware: the access log (access-log.ts) writes the
 * one line per request for far less CPU, and lines logged inside a request get the request's trace
 * and correlation ids from the logger's mixin.
 */
export function loggerModule(serviceName: string): { module: DynamicModule; logger: Logger } {
  const logger = createLogger(serviceName);
  return { module: LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }), logger };
}
