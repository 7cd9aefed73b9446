// Reading Jaeger's metrics API (the Monitor tab) and Prometheus in the monitor e2e.
import assert from 'node:assert/strict';

export interface MetricPoint {
  timestamp: string;
  value: number;
}

interface MetricFamily {
  metrics?: {
    labels: { name: string; value: string }[];
    metricPoints: { timestamp: string; gaugeValue?: { doubleValue: number } }[];
  }[];
}

/**
 * One series of `GET /api/metrics/<kind>` for one service (server spans), oldest point first.
 * ratePer 10 s and a 1 s step, so that a fault shows within seconds and is gone soon after.
 */
export async function metricSeries(
  queryUrl: string,
  kind: 'calls' | 'errors' | 'latencies',
  service: string,
  lookbackMs = 120_000,
): Promise<MetricPoint[]> {
  const params = new URLSearchParams({
    service,
    endTs: String(Date.now()),
    lookback: String(lookbackMs),
    step: '1000',
    ratePer: '10000',
    ...(kind === 'latencies' ? { quantile: '0.95' } : {}),
  });
  const response = await fetch(`${queryUrl}/api/metrics/${kind}?${params}`);
  const text = await response.text();
  assert.equal(response.status, 200, `/api/metrics/${kind}?service=${service}: ${text}`);
  const family = JSON.parse(text) as MetricFamily;
  const series = family.metrics?.find((m) =>
    m.labels.some((l) => l.name === 'service_name' && l.value === service),
  );
  return (series?.metricPoints ?? [])
    .map((p) => ({ timestamp: p.timestamp, value: p.gaugeValue?.doubleValue ?? Number.NaN }))
    .filter((p) => Number.isFinite(p.value));
}

/** The value of an instant PromQL query (summed), or 0 without a series. */
export async function promValue(prometheusUrl: string, query: string): Promise<number> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as {
    data?: { result?: { value: [number, string] }[] };
  };
  return (body.data?.result ?? []).reduce((sum, r) => sum + Number(r.value[1]), 0);
}

/** Polls `probe` every 500 ms until it returns a value; throws with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
}

export interface Dashboard {
  traceId: string;
  status: number;
  elapsedMs: number;
  degraded: string[];
}

/** `n` dashboards, `concurrency` at a time; the trace id from the W3C traceresponse header. */
export async function dashboards(
  bffUrl: string,
  n: number,
  concurrency = 4,
  headers: Record<string, string> = {},
): Promise<Dashboard[]> {
  const done: Dashboard[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const started = performance.now();
      const response = await fetch(`${bffUrl}/api/users/${(i % 50) + 1}/dashboard`, { headers });
      const body = (await response.json().catch(() => ({}))) as { meta?: { degraded?: string[] } };
      const traceId = response.headers.get('traceresponse')?.split('-')[1];
      assert.ok(traceId, `dashboard ${i} (HTTP ${response.status}) has no traceresponse header`);
      done.push({
        traceId,
        status: response.status,
        elapsedMs: performance.now() - started,
        degraded: body.meta?.degraded ?? [],
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

/** Dashboards for `ms` at about `perSecond`, two at a time. */
export async function dashboardsFor(
  bffUrl: string,
  ms: number,
  perSecond: number,
): Promise<Dashboard[]> {
  const out: Dashboard[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const tick = Date.now();
    out.push(...(await dashboards(bffUrl, Math.max(1, Math.round(perSecond / 2)), 2)));
    await new Promise((r) => setTimeout(r, Math.max(0, 500 - (Date.now() - tick))));
  }
  return out;
}
