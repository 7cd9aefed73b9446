import { context, propagation, trace } from '@opentelemetry/api';
import type { JaegerTracer } from 'jaeger-client';

// Kept apart from jaeger-telemetry.ts so that shutting down never loads jaeger-client: an
// OpenTelemetry service does not pay for the legacy library's code and memory.
const JAEGER_KEY = Symbol.for('@suite/telemetry.jaeger-client');
type GlobalWithJaeger = typeof globalThis & { [JAEGER_KEY]?: JaegerTracer };

export function runningJaegerTracer(): JaegerTracer | undefined {
  return (globalThis as GlobalWithJaeger)[JAEGER_KEY];
}

export function keepJaegerTracer(tracer: JaegerTracer): void {
  (globalThis as GlobalWithJaeger)[JAEGER_KEY] = tracer;
}

/** Flushes jaeger-client's buffered spans and closes its sender; safe when it never started. */
export async function shutdownJaegerClientTelemetry(): Promise<void> {
  const holder = globalThis as GlobalWithJaeger;
  const tracer = holder[JAEGER_KEY];
  if (!tracer) return;
  delete holder[JAEGER_KEY];
  await new Promise<void>((resolve) => tracer.close(resolve));
  trace.disable();
  propagation.disable();
  context.disable();
}
