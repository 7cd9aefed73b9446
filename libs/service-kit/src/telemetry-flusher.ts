import type { OnApplicationShutdown } from '@nestjs/common';
import { shutdownTelemetry } from '@suite/telemetry';
import { envInt } from './config/env';

/** Flushes buffered spans last, after Nest has drained requests and closed everything else. */
export class TelemetryFlusher implements OnApplicationShutdown {
  // A collector that is down would hold the exit for the exporter's retries: bound the flush.
  private readonly flushMs = envInt('TELEMETRY_FLUSH_MS', 2000);

  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.flushMs);
    });
    const outcome = await Promise.race([
      shutdownTelemetry().then(() => 'flushed' as const),
      gaveUp,
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      console.error(
        `spans not flushed within ${this.flushMs} ms (TELEMETRY_FLUSH_MS): is a collector listening at ${process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://localhost:4318'}? Start Jaeger, or set OTEL_TRACES_EXPORTER=none`,
      );
    }
  }
}
