// Jaeger's Monitor tab and the tail-sampling tier, on real processes: the suite exports to the tier
// (infra/jaeger/collector.yaml + spanmetrics.yaml), which computes RED metrics from every span,
// keeps traces by policy and forwards them to the storing Jaeger; Prometheus scrapes the metrics and
// Jaeger's /api/metrics/* reads them back.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProcessGroup,
  SERVICE_NAMES,
  findJaeger,
  findPrometheus,
  launchMonitoredJaeger,
  launchSuite,
  repoRoot,
  type MonitoredJaeger,
  type RunningSuite,
} from '@suite/harness';
import { JaegerQueryClient, orphans, roots, type TraceSpan } from '@suite/trace-model';
import {
  dashboards,
  dashboardsFor,
  metricSeries,
  promValue,
  until,
  type Dashboard,
} from './monitor-helpers';

const PERCENT = 10;
const HEALTHY = 150;
const TOKEN = 'monitor-e2e-chaos-token';
const ROOT = 'bff GET /api/users/:userId/dashboard';
const DASHBOARD_CALLS =
  'traces_span_metrics_calls_total{service_name="bff",span_kind="SPAN_KIND_SERVER",span_name="GET /api/users/:userId/dashboard"}';

/** One root (the BFF's server span) and no span whose parent is missing. */
function wholeProblems(traceId: string, spans: TraceSpan[]): string[] {
  const problems: string[] = [];
  const rootNames = roots(spans).map((s) => `${s.service} ${s.name}`);
  if (rootNames.length !== 1 || rootNames[0] !== ROOT)
    problems.push(`roots ${rootNames.join(', ')}`);
  const lost = orphans(spans).map((s) => `${s.service} ${s.name}`);
  if (lost.length) problems.push(`orphans ${lost.join(', ')}`);
  return problems.map((p) => `${traceId}: ${p}`);
}

describe('Monitor tab and tail sampling (Jaeger + tier + Prometheus + the suite)', () => {
  const root = repoRoot();
  const group = new ProcessGroup('silent');
  // Made on first use, so that a run that filters these tests out leaves nothing behind.
  const dataDir = join(tmpdir(), `monitor-e2e-${process.pid}`);
  let mon: MonitoredJaeger | undefined;
  let suite: RunningSuite;
  let skip: string | undefined;
  const sent: Dashboard[] = [];
  let healthyBurst: Dashboard[] = [];

  before(async () => {
    const [jaeger, prometheus] = await Promise.all([
      findJaeger(root, { build: false }),
      findPrometheus(root, { build: false }),
    ]);
    if (!jaeger.binary || !prometheus.binary) {
      skip = `missing ${jaeger.binary ? '' : `Jaeger (${jaeger.reason}) `}${prometheus.binary ? '' : `Prometheus (${prometheus.reason})`}`;
      return;
    }
    mon = await launchMonitoredJaeger(group, {
      root,
      jaegerBinary: jaeger.binary,
      prometheusBinary: prometheus.binary,
      tailSampling: true,
      sampling: { percent: PERCENT, decisionWait: '3s' },
      ports: 'free',
      dataDir,
      scrapeInterval: '1s',
      flushInterval: '1s',
    });
    suite = await launchSuite(group, {
      root,
      ports: 'free',
      dataDir: ':memory:',
      legacyTracing: ['loyalty-service'],
      jaegerThriftUrl: mon.thriftUrl,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: mon.otlpHttpUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        JAEGER_REPORTER_FLUSH_INTERVAL: '200',
        CHAOS_ADMIN_TOKEN: TOKEN,
      },
    });
  });

  after(async () => {
    await group.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /api/metrics/calls and /latencies for bff and each service after a burst', async (t) => {
    if (!mon) return t.skip(skip);
    healthyBurst = await dashboards(suite.urls.bff, HEALTHY);
    sent.push(...healthyBurst);
    const queryUrl = mon.jaeger.queryUrl;
    for (const service of SERVICE_NAMES) {
      for (const kind of ['calls', 'latencies'] as const) {
        const points = await until(`${kind} of ${service}`, async () => {
          // A counter first scraped at its final value has no rate: keep traffic flowing meanwhile.
          sent.push(...(await dashboards(suite.urls.bff, 1)));
          const series = await metricSeries(queryUrl, kind, service);
          return series.some((p) => p.value > 0) ? series : undefined;
        });
        t.diagnostic(
          `${service} ${kind}: ${points.length} points, last ${points.at(-1)?.value.toFixed(2)}`,
        );
      }
    }
  });

  it('shows the errors of user-service rise during an error fault and fall back after', async (t) => {
    if (!mon) return t.skip(skip);
    const faults = `${suite.urls['user-service']}/admin/chaos/faults`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const before = await metricSeries(mon.jaeger.queryUrl, 'errors', 'user-service');
    assert.ok(
      before.every((p) => p.value === 0),
      `errors before the fault: ${JSON.stringify(before.slice(-3))}`,
    );
    const added = await fetch(faults, {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'error', status: 500, rate: 1 }),
    });
    assert.equal(added.status, 201, await added.text());
    const queryUrl = mon.jaeger.queryUrl;
    let failing = true;
    const load = (async () => {
      while (failing) sent.push(...(await dashboardsFor(suite.urls.bff, 1000, 6)));
    })();
    try {
      const peak = await until('user-service errors above zero', async () => {
        const last = (await metricSeries(queryUrl, 'errors', 'user-service')).at(-1);
        return last && last.value > 0 ? last.value : undefined;
      });
      t.diagnostic(`user-service error rate during the fault: ${peak.toFixed(2)}`);
      const cleared = await fetch(faults, { method: 'DELETE', headers });
      assert.equal(cleared.status, 200, await cleared.text());
      const recoveredAfterMs = Date.now();
      await until(
        'user-service errors back to zero',
        async () => {
          const last = (await metricSeries(queryUrl, 'errors', 'user-service')).at(-1);
          return last?.value === 0 ? true : undefined;
        },
        45_000,
      );
      t.diagnostic(
        `errors back to 0 ${((Date.now() - recoveredAfterMs) / 1000).toFixed(1)} s after the fault`,
      );
    } finally {
      failing = false;
      await load;
    }
  });

  it('keeps every failing trace whole, about the configured share of healthy ones, none partial', async (t) => {
    if (!mon) return t.skip(skip);
    const jaeger = new JaegerQueryClient(mon.jaeger.queryUrl);
    // decision_wait (3 s) + batch + storage; then the store no longer changes.
    await new Promise((r) => setTimeout(r, 6000));
    const failing = sent.filter((d) => d.status >= 500);
    assert.ok(failing.length >= 5, `only ${failing.length} failing dashboards were sent`);
    const missing: string[] = [];
    const broken: string[] = [];
    for (const d of failing) {
      const spans = await jaeger.trace(d.traceId);
      if (!spans) missing.push(d.traceId);
      else broken.push(...wholeProblems(d.traceId, spans));
    }
    assert.deepEqual(missing, [], `failing traces not kept (of ${failing.length})`);
    assert.deepEqual(broken, [], 'failing traces kept partially');

    // The share: healthy, fast dashboards of the burst before any fault (no policy but the share applies).
    const plain = healthyBurst.filter(
      (d) => d.status === 200 && !d.degraded.length && d.elapsedMs < 1200,
    );
    const kept = (await Promise.all(plain.map((d) => jaeger.trace(d.traceId)))).filter(
      (s): s is TraceSpan[] => s !== undefined,
    );
    const share = kept.length / plain.length;
    t.diagnostic(
      `kept ${kept.length} of ${plain.length} healthy dashboards (${(share * 100).toFixed(1)} %), ${failing.length} of ${failing.length} failing`,
    );
    assert.ok(
      share >= 0.03 && share <= 0.2,
      `kept ${(share * 100).toFixed(1)} % of healthy traces, configured ${PERCENT} %`,
    );

    const stored = await jaeger.search({ service: 'bff', limit: 2000, lookbackMs: 600_000 });
    const partial = stored.flatMap((spans) => wholeProblems(spans[0]?.traceId ?? '?', spans));
    assert.deepEqual(partial, [], 'partial traces in Jaeger');
  });

  it('keeps every trace of a chaos experiment (baggage chaos.experiment, as the runner sets it)', async (t) => {
    if (!mon) return t.skip(skip);
    const marked = await dashboards(suite.urls.bff, 20, 4, {
      baggage: 'chaos.experiment=monitor-e2e.1',
    });
    sent.push(...marked);
    assert.ok(
      marked.every((d) => d.status === 200),
      'the marked dashboards answered 200',
    );
    const jaeger = new JaegerQueryClient(mon.jaeger.queryUrl);
    await new Promise((r) => setTimeout(r, 6000));
    const missing: string[] = [];
    const broken: string[] = [];
    for (const d of marked) {
      const spans = await jaeger.trace(d.traceId);
      if (!spans) missing.push(d.traceId);
      else broken.push(...wholeProblems(d.traceId, spans));
    }
    assert.deepEqual(missing, [], `chaos experiment traces not kept (of ${marked.length})`);
    assert.deepEqual(broken, [], 'chaos experiment traces kept partially');
  });

  it('still counts every dashboard, kept or dropped, in the span metrics', async (t) => {
    if (!mon) return t.skip(skip);
    const prometheusUrl = mon.prometheusUrl;
    assert.ok(prometheusUrl, 'Prometheus runs');
    const counted = await until(
      `${sent.length} dashboard calls in Prometheus`,
      async () => {
        const value = await promValue(prometheusUrl, `sum(${DASHBOARD_CALLS})`);
        return value >= sent.length ? value : undefined;
      },
      20_000,
    ).catch(async (error: Error) => {
      const value = await promValue(prometheusUrl, `sum(${DASHBOARD_CALLS})`);
      throw new Error(`${error.message}; counted ${value}`);
    });
    t.diagnostic(`span metrics counted ${counted} dashboard calls; ${sent.length} sent`);
    assert.equal(counted, sent.length);
  });
});

describe('Monitor tab without the tier (npm start without TAIL_SAMPLING=on)', () => {
  const root = repoRoot();
  const group = new ProcessGroup('silent');
  const dataDir = join(tmpdir(), `monitor-e2e-single-${process.pid}`);
  after(async () => {
    await group.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every trace and still fills /api/metrics from the storing Jaeger', async (t) => {
    const [jaeger, prometheus] = await Promise.all([
      findJaeger(root, { build: false }),
      findPrometheus(root, { build: false }),
    ]);
    if (!jaeger.binary || !prometheus.binary) return t.skip('no Jaeger or Prometheus binary');
    const mon = await launchMonitoredJaeger(group, {
      root,
      jaegerBinary: jaeger.binary,
      prometheusBinary: prometheus.binary,
      tailSampling: false,
      ports: 'free',
      dataDir,
      scrapeInterval: '1s',
      flushInterval: '1s',
    });
    const suite = await launchSuite(group, {
      root,
      ports: 'free',
      dataDir: ':memory:',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: mon.otlpHttpUrl, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    const sent = await dashboards(suite.urls.bff, 20);
    const store = new JaegerQueryClient(mon.jaeger.queryUrl);
    for (const d of sent) {
      await until(`trace ${d.traceId}`, async () => store.trace(d.traceId), 15_000);
    }
    const calls = await until('calls of bff', async () => {
      // A counter first scraped at its final value has no rate: keep traffic flowing meanwhile.
      await dashboards(suite.urls.bff, 1);
      const series = await metricSeries(mon.jaeger.queryUrl, 'calls', 'bff');
      return series.some((p) => p.value > 0) ? series : undefined;
    });
    t.diagnostic(
      `${sent.length} of ${sent.length} traces stored; bff calls series of ${calls.length} points`,
    );
  });
});
