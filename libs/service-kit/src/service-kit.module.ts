import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { DATABASE, DatabaseModule, type DatabaseOptions } from './database/database.module';
import type { TracedDatabase } from './database/traced-database';
import {
  HealthController,
  READINESS_CHECKS,
  SERVICE_NAME,
  type ReadinessCheck,
} from './health/health.controller';
import { ChaosModule } from './chaos/chaos.module';
import { JsonExceptionFilter } from './http/json-exception.filter';
import { DeadlineInterceptor } from './http/deadline.interceptor';
import type { LatencyProfile } from './latency/latency-profile';
import {
  LATENCY_PROFILES,
  SimulatedLatencyInterceptor,
} from './latency/simulated-latency.interceptor';
import { ROOT_LOGGER, loggerModule } from './logging/logger-module';
import { TelemetryFlusher } from './telemetry-flusher';

export interface ServiceKitOptions {
  serviceName: string;
  /** The service's documented latency knobs, after environment overrides (see latencyProfiles). */
  latency?: Record<string, LatencyProfile>;
  /** The service's own embedded SQLite database, if it has one. */
  database?: DatabaseOptions;
}

/**
 * What every service of the suite shares: structured logs with trace fields, health endpoints,
 * JSON errors, simulated latency and, optionally, a traced SQLite database.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const logging = loggerModule(options.serviceName);
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        logging.module,
        ...(options.database ? [DatabaseModule.forRoot(options.database)] : []),
        // Fault injection (CHAOS_FAULTS, /admin/chaos/faults with CHAOS_ADMIN_TOKEN); idle otherwise.
        ChaosModule.forRoot(),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.serviceName },
        { provide: ROOT_LOGGER, useValue: logging.logger },
        { provide: LATENCY_PROFILES, useValue: options.latency ?? {} },
        // Outermost first: simulated latency runs inside the deadline, so it stops when it passes.
        { provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor },
        { provide: APP_INTERCEPTOR, useClass: SimulatedLatencyInterceptor },
        { provide: APP_FILTER, useValue: new JsonExceptionFilter(options.serviceName) },
        {
          provide: READINESS_CHECKS,
          inject: [{ token: DATABASE, optional: true }],
          useFactory: (db?: TracedDatabase): ReadinessCheck[] =>
            db ? [{ name: 'database', check: () => db.isOpen() }] : [],
        },
        TelemetryFlusher,
      ],
      exports: [SERVICE_NAME, ROOT_LOGGER],
    };
  }
}
