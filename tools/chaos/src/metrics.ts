// What Jaeger's Monitor tab saw during a run: error rate and p95 of the affected service per phase,
// read from Jaeger's metrics API (the spanmetrics connector's RED metrics in Prometheus). Best effort:
// without a metrics backend the report says so and the run is judged on its own figures as before.
import { SERVICE_NAMES } from '@suite/harness';
import type { ExperimentResult } from './runner';

export interface PhaseWindow {
  phase: string;
  /** Epoch ms. */
  from: number;
  to: number;
}

export interface PhaseMetrics extends PhaseWindow {
  /** Errors / calls of the service's server spans over the phase, 0-1; undefined without calls. */
  errorRate?: number;
  p95Ms?: number;
}

export interface ChaosMetrics {
  service: string;
  /** The Monitor tab, where the service's charts are. */
  monitorUrl: string;
  phases: PhaseMetrics[];
  /** Why there are no figures (no metrics backend, Jaeger unreachable, ...). */
  unavailable?: string;
}

/** The phases' windows: they follow each other from the run's start, each `seconds` long. */
export function phaseWindows(r: Pick<ExperimentResult, 'startedAt' | 'phases'>): PhaseWindow[] {
  let at = Date.parse(r.startedAt);
  return Object.entries(r.phases).map(([phase, stats]) => {
    const from = at;
    at += Math.round((stats?.seconds ?? 0) * 1000);
    return { phase, from, to: at };
  });
}

/** The first service the method's actions name; the BFF when none does (it sees every fault). */
export function affectedService(r: Pick<ExperimentResult, 'actions'>): string {
  const named = r.actions
    .filter((a) => a.stage === 'method')
    .flatMap((a) => SERVICE_NAMES.filter((s) => a.name.includes(s)));
  return named[0] ?? 'bff';
}

interface MetricFamily {
  metrics?: {
    labels: { name: string; value: string }[];
    metricPoints: { gaugeValue?: { doubleValue: number } }[];
  }[];
}

/** The last point of one /api/metrics/<kind> series over [from, to]; undefined when there is none. */
async function lastPoint(
  jaegerUrl: string,
  kind: 'errors' | 'latencies',
  service: string,
  w: PhaseWindow,
): Promise<number | undefined> {
  // One rate over the whole phase; Prometheus needs two scrapes in it, so at least 10 s.
  const span = Math.max(10_000, w.to - w.from);
  const params = new URLSearchParams({
    service,
    endTs: String(w.to),
    lookback: String(span),
    step: String(span),
    ratePer: String(span),
    ...(kind === 'latencies' ? { quantile: '0.95' } : {}),
  });
  const response = await fetch(`${jaegerUrl}/api/metrics/${kind}?${params}`, {
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  if (!response.ok) {
    const msg = /"msg":"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 200);
    throw new Error(`Jaeger /api/metrics/${kind} answered ${response.status}: ${msg}`);
  }
  const family = JSON.parse(text) as MetricFamily;
  const points = family.metrics?.[0]?.metricPoints ?? [];
  const value = points.at(-1)?.gaugeValue?.doubleValue;
  return value === undefined || !Number.isFinite(value) ? undefined : value;
}

/** Error rate and p95 per phase for the affected service; never throws. */
export async function readChaosMetrics(
  r: Pick<ExperimentResult, 'startedAt' | 'phases' | 'actions'> & { jaeger: { url: string } },
  service = affectedService(r),
): Promise<ChaosMetrics> {
  const jaegerUrl = r.jaeger.url.replace(/\/$/, '');
  const base = {
    service,
    monitorUrl: `${jaegerUrl}/monitor?service=${encodeURIComponent(service)}`,
  };
  const windows = phaseWindows(r);
  try {
    const phases: PhaseMetrics[] = [];
    for (const w of windows) {
      const [errorRate, p95Ms] = await Promise.all([
        lastPoint(jaegerUrl, 'errors', service, w),
        lastPoint(jaegerUrl, 'latencies', service, w),
      ]);
      phases.push({
        ...w,
        ...(errorRate !== undefined ? { errorRate } : {}),
        ...(p95Ms !== undefined ? { p95Ms } : {}),
      });
    }
    return { ...base, phases };
  } catch (error) {
    const reason = (error as Error).message;
    return {
      ...base,
      phases: [],
      unavailable: /metrics|prometheus|not implemented|disabled/i.test(reason)
        ? `${reason} (start Prometheus: docker compose up, or npm start with a Prometheus binary from infra/prometheus/ensure-prometheus.sh)`
        : `could not reach Jaeger's metrics API: ${reason}`,
    };
  }
}

const pct = (v: number | undefined) => (v === undefined ? 'no calls' : `${(v * 100).toFixed(1)} %`);
const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${Math.round(v)}`);

/** The report's section: one row per phase, beside the runner's own figures. */
export function metricsLines(m: ChaosMetrics | undefined): string[] {
  if (!m) return [];
  const head = [
    '',
    `## What the Monitor tab saw (${m.service}, server spans)`,
    '',
    `Monitor tab: ${m.monitorUrl}`,
    '',
  ];
  if (m.unavailable) return [...head, `- metrics unavailable: ${m.unavailable}`, ''];
  return [
    ...head,
    '| phase | window | error rate | p95 ms |',
    '| --- | --- | --- | --- |',
    ...m.phases.map(
      (p) =>
        `| ${p.phase} | ${new Date(p.from).toISOString().slice(11, 19)}-${new Date(p.to).toISOString().slice(11, 19)} | ${pct(p.errorRate)} | ${ms(p.p95Ms)} |`,
    ),
    '',
  ];
}
