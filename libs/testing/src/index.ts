export { OtlpSink } from './otlp-sink';
export { startTestTelemetry } from './test-telemetry';
