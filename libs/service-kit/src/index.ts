export { ServiceKitModule, type ServiceKitOptions } from './service-kit.module';
export { createServiceApp, runService, type RunOptions } from './bootstrap';
export { envInt, envString } from './config/env';
export { SCENARIO_DEFAULTS, scenarios } from './config/scenarios';
export {
  DATABASE,
  DatabaseModule,
  databaseLocation,
  type DatabaseOptions,
} from './database/database.module';
export { TracedDatabase } from './database/traced-database';
export {
  latencyProfiles,
  parseLatencyProfile,
  sampleLatencyMs,
  type LatencyProfile,
} from './latency/latency-profile';
export { SimulatedLatency } from './latency/simulated-latency.interceptor';
export { ZodValidationPipe } from './http/zod-validation.pipe';
export { createLogger, traceFields } from './logging/logger';
export { SERVICE_NAME, type ReadinessCheck } from './health/health.controller';
export { DeadlineInterceptor } from './http/deadline.interceptor';
export {
  ChaosModule,
  ChaosRegistry,
  parseChaosFaults,
  type ActiveFault,
  type ChaosFault,
  type ChaosFaultSpec,
} from './chaos';
export { answerAtFrontDoor, installFrontDoor, type FrontDoor } from './http/front-door';
export { ROOT_LOGGER } from './logging/logger-module';
