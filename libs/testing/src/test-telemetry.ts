import { startTelemetry } from '@suite/telemetry';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * The suite's real telemetry set-up (propagators, sampler, instrumentations) exporting to memory.
 * Call it before the code under test loads Nest or http.
 */
export function startTestTelemetry(serviceName: string): {
  spans: () => ReadableSpan[];
  reset: () => void;
} {
  const exporter = new InMemorySpanExporter();
  startTelemetry({ serviceName, exporter });
  return { spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset() };
}
