// Loaded with `node --import @suite/telemetry/preload`, before the app: instrumentation must patch
// http, express and Nest before they are first required. TRACER chooses the library (switches.ts).
import type * as LegacyTelemetry from './jaeger/jaeger-telemetry';
import { defaultServiceName, sdkDisabled, startTelemetry } from './sdk';
import { traceSeam, tracerChoice } from './switches';

/** jaeger-client's own switch, or the fleet's OTEL_SDK_DISABLED when JAEGER_DISABLED is unset. */
function legacyTracingDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const own = env['JAEGER_DISABLED'] ?? env['JAEGER_DISABLE'];
  return own !== undefined && own !== '' ? own === 'true' : sdkDisabled(env);
}

if (tracerChoice() === 'jaeger-client') {
  const serviceName = process.env['JAEGER_SERVICE_NAME'] ?? defaultServiceName();
  if (legacyTracingDisabled()) {
    console.error(`${serviceName}: tracing disabled (JAEGER_DISABLED or OTEL_SDK_DISABLED)`);
  } else {
    // Required here, not imported at the top: jaeger-client and its Thrift stack would cost every
    // OpenTelemetry service their code and memory (several MB of RSS) for nothing.
    const legacy = require('./jaeger/jaeger-telemetry') as typeof LegacyTelemetry;
    legacy.startJaegerClientTelemetry(serviceName ? { serviceName } : {});
    const sink =
      process.env['JAEGER_ENDPOINT'] ??
      `udp ${process.env['JAEGER_AGENT_HOST'] ?? 'localhost'}:${process.env['JAEGER_AGENT_PORT'] ?? 6832}`;
    // Says plainly that this process is the legacy one, and where its spans go.
    console.error(
      `${serviceName}: legacy tracing with jaeger-client (OpenTracing), reporting to ${sink}; trace seam ${traceSeam()}`,
    );
  }
} else {
  startTelemetry();
}
