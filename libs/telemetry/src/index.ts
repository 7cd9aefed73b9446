export {
  startTelemetry,
  shutdownTelemetry,
  defaultServiceName,
  suitePropagator,
  type TelemetryOptions,
} from './sdk';
export { tracerChoice, traceSeam, type TraceSeam, type TracerChoice } from './switches';
export { CorrelationAttributeSampler } from './correlation-sampler';
export { isProbe } from './instrumentations';
export { EDGE_BAGGAGE_ALLOWLIST, EdgeBaggagePropagator, isEdgeService } from './edge-baggage';
export { sdkDisabled } from './sdk';
export { samplerFromEnv, samplerName, samplerRatio, jaegerRemoteArg } from './env/sampler';
export { propagatorFromEnv, propagatorNames } from './env/propagators';
export { resourceDetectorsFromEnv, DEFAULT_RESOURCE_DETECTORS } from './env/resource-detectors';
export { DEFAULT_INSTRUMENTATIONS, suiteInstrumentations } from './instrumentations';
export { jaegerSamplerConfig, type JaegerSamplerConfig } from './jaeger/jaeger-sampler';
