/**
 * The two tracing switches of a suite process, read by `@suite/telemetry/preload` (one place, so
 * service code never changes with them).
 *
 * - `TRACER=otel|jaeger-client` (default `otel`): which library traces this process. `jaeger-client`
 *   is the "legacy service" mode: spans are made and reported by jaeger-client (OpenTracing) to
 *   Jaeger's Thrift receiver, configured by the standard JAEGER_* variables.
 * - `TRACE_SEAM=bridged|broken` (default `bridged`): whether the two worlds understand each other.
 *   `bridged`: OpenTelemetry processes send B3 headers next to W3C `traceparent`, jaeger-client
 *   processes read B3 (and their native `uber-trace-id`). `broken`: each side speaks only its
 *   native format, as before a migration plans the seam, so a jaeger-client service starts traces
 *   of its own. Set it on every process (npm start / the launcher pass it through).
 */
export type TracerChoice = 'otel' | 'jaeger-client';
export type TraceSeam = 'bridged' | 'broken';

export function tracerChoice(env: NodeJS.ProcessEnv = process.env): TracerChoice {
  return oneOf('TRACER', env['TRACER'], ['otel', 'jaeger-client'], 'otel');
}

export function traceSeam(env: NodeJS.ProcessEnv = process.env): TraceSeam {
  return oneOf('TRACE_SEAM', env['TRACE_SEAM'], ['bridged', 'broken'], 'bridged');
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  // A typo must not silently trace with the wrong library: the process refuses to start.
  throw new Error(`${name}=${value} is not valid: set ${name} to one of ${allowed.join(', ')}`);
}
