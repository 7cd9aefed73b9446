export {
  startTelemetry,
  shutdownTelemetry,
  defaultServiceName,
  type TelemetryOptions,
} from './sdk';
export { CorrelationAttributeSampler } from './correlation-sampler';
export { isProbe } from './instrumentations';
