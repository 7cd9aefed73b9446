export { OtlpSink } from './otlp-sink';
export { startTestTelemetry } from './test-telemetry';
export {
  serveOnLoopback,
  type JsonReply,
  type ListenableApp,
  type LoopbackApp,
} from './loopback-app';
