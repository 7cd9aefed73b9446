export {
  startTelemetry,
  shutdownTelemetry,
  defaultServiceName,
  suitePropagator,
  type TelemetryOptions,
} from './sdk';
export { tracerChoice, traceSeam, type TraceSeam, type TracerChoice } from './switches';
export {
  createJaegerClientTracer,
  legacyPropagator,
  startJaegerClientTelemetry,
  type JaegerClientOptions,
} from './jaeger/jaeger-telemetry';
export { CorrelationAttributeSampler } from './correlation-sampler';
export { isProbe } from './instrumentations';
export { EDGE_BAGGAGE_ALLOWLIST, EdgeBaggagePropagator, isEdgeService } from './edge-baggage';
