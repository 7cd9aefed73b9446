import { SERVICE_NAMES } from '@suite/harness';
import type { ComposeProject } from '../compose';
import { check, eventually, info } from '../log';

interface MetricFamily {
  metrics?: {
    labels: { name: string; value: string }[];
    metricPoints: { gaugeValue?: { doubleValue: number } }[];
  }[];
}

/** The last non-NaN point of a service's series in Jaeger's metrics API; undefined without one. */
async function lastValue(
  jaegerUrl: string,
  kind: 'calls' | 'errors' | 'latencies',
  service: string,
): Promise<number | undefined> {
  const params = new URLSearchParams({
    service,
    endTs: String(Date.now()),
    lookback: '300000',
    step: '5000',
    ratePer: '60000',
    ...(kind === 'latencies' ? { quantile: '0.95' } : {}),
  });
  const response = await fetch(`${jaegerUrl}/api/metrics/${kind}?${params}`);
  const text = await response.text();
  check(
    response.ok,
    `/api/metrics/${kind}?service=${service} answered ${response.status}: ${text.slice(0, 300)}`,
  );
  const points = ((JSON.parse(text) as MetricFamily).metrics ?? [])
    .filter((m) => m.labels.some((l) => l.name === 'service_name' && l.value === service))
    .flatMap((m) => m.metricPoints.map((p) => p.gaugeValue?.doubleValue ?? Number.NaN))
    .filter((v) => Number.isFinite(v));
  return points.at(-1);
}

/**
 * The Monitor tab: the tier's span metrics, scraped by Prometheus and read back through Jaeger's
 * /api/metrics, answer for the BFF and every service while the load generator runs.
 */
export async function checkMonitor(compose: ComposeProject, jaegerUrl: string): Promise<void> {
  for (const service of ['collector', 'prometheus']) {
    const id = (await compose.run(['ps', '-q', service])).stdout.trim();
    check(id, `no ${service} container`);
  }
  for (const service of SERVICE_NAMES) {
    const calls = await eventually(
      `calls of ${service} in Jaeger's Monitor tab`,
      async () => {
        const value = await lastValue(jaegerUrl, 'calls', service);
        return value !== undefined && value > 0 ? value : undefined;
      },
      60_000,
      1000,
    );
    const p95 = await eventually(
      `p95 latency of ${service}`,
      async () => lastValue(jaegerUrl, 'latencies', service),
      30_000,
      1000,
    );
    const errors = await lastValue(jaegerUrl, 'errors', service);
    info(
      `${service.padEnd(24)} ${(calls * 60).toFixed(0).padStart(5)} calls/min  p95 ${p95.toFixed(0).padStart(5)} ms  errors ${errors === undefined ? 'n/a' : `${(errors * 100).toFixed(1)} %`}`,
    );
  }
}
