// What a report is checked against: the keys it must hold and the targets it should meet.
import { round } from '@suite/traffic';
import type { BenchReport, TargetCheck } from './report';

/** A report as far as the scenarios that ran filled it in. */
export type PartialReport = { [K in keyof BenchReport]?: BenchReport[K] };

/** The keys every full report holds, as dotted paths; `missingKeys` checks a report against them. */
export const REQUIRED_KEYS = [
  'fanout.parallel.overheadMs.p50',
  'fanout.parallel.overheadMs.p99',
  'fanout.sequential.overheadMs.p50',
  'throughput.suiteRps',
  'throughput.baselineRps',
  'throughput.ratioToBaseline',
  'throughput.tracingCostPct',
  'concurrency.errors',
  'concurrency.peakRssMb',
  'deadDependency.breakerOpenP99Ms',
  'deadDependency.healthyP99Ms',
  'footprint.suiteRssMb',
  'footprint.maxStartMs',
  'firstTraces.first.startGapMs.p50',
  'firstTraces.steady.startGapMs.p50',
  'meta.machine.cpuCount',
  'meta.nodeVersion',
] as const;

export function valueAt(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (at, key) =>
        at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
      object,
    );
}

/** Required keys that are absent or not a number (a skipped scenario leaves them out). */
export function missingKeys(report: unknown): string[] {
  return REQUIRED_KEYS.filter((key) => {
    const value = valueAt(report, key);
    return key === 'meta.nodeVersion' ? typeof value !== 'string' : typeof value !== 'number';
  });
}

/** The performance targets, checked against whatever the run measured. */
export function checkTargets(r: PartialReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const check = (
    name: string,
    value: number | undefined,
    op: '<' | '<=' | '>=',
    limit: number,
    unit: string,
  ) => {
    if (value === undefined || Number.isNaN(value)) return;
    const met = op === '<' ? value < limit : op === '<=' ? value <= limit : value >= limit;
    checks.push({
      name,
      target: `${op} ${limit} ${unit}`,
      measured: `${value} ${unit}`,
      met,
      ...(met ? {} : { missBy: `${round(Math.abs(value - limit))} ${unit}` }),
    });
  };
  const atMost = (name: string, value: number | undefined, limit: number, unit: string) =>
    check(name, value, '<=', limit, unit);
  const parallel = r.fanout?.parallel;
  const at = (connections: number) => parallel?.levels.find((l) => l.connections === connections);
  atMost('parallel overhead p50 (c=1)', at(1)?.overheadMs.p50, 2, 'ms');
  atMost('parallel overhead p99 (c=10)', at(10)?.overheadMs.p99, 15, 'ms');
  if (r.throughput) {
    check(
      'suite throughput / raw baseline (tracing on)',
      round(r.throughput.ratioToBaseline * 100),
      '>=',
      25,
      '%',
    );
    atMost('tracing cost (throughput)', r.throughput.tracingCostPct, 10, '%');
    const cpu = r.throughput.runs['suite, tracing on']?.cpuMsPerDashboard;
    if (cpu) {
      const services = [
        'user-service',
        'order-service',
        'loyalty-service',
        'recommendation-service',
        'bff',
      ];
      atMost(
        'CPU per dashboard, the five services (tracing on)',
        round(services.reduce((sum, name) => sum + (cpu[name] ?? 0), 0)),
        5,
        'ms',
      );
      // user-service and loyalty-service serve exactly one request per dashboard.
      atMost('CPU per leaf request (user-service)', cpu['user-service'], 0.5, 'ms');
    }
  }
  const burst = r.concurrency?.withLoadShedding;
  if (burst) {
    const odd = Object.entries(burst.statusCodes)
      .filter(([status]) => status !== '200' && status !== '503')
      .reduce((sum, [, n]) => sum + n, 0);
    atMost(
      `no answer, errors or timeouts at ${burst.connections} concurrent (load shedding on)`,
      burst.errors - burst.non2xx + burst.timeouts + odd,
      0,
      'requests',
    );
    check(
      `answered (200 or 503) within 10 s of ${burst.connections}`,
      burst.answeredWithin10s,
      '>=',
      burst.connections,
      'requests',
    );
    check('BFF peak RSS in that burst', burst.peakRssMb, '<', 300, 'MB');
  }
  if (r.deadDependency) {
    atMost(
      'breaker-open p99 minus healthy p99',
      round(r.deadDependency.breakerOpenP99Ms - r.deadDependency.healthyP99Ms),
      5,
      'ms',
    );
  }
  if (r.footprint) {
    check('slowest service start-to-ready', r.footprint.maxStartMs, '<', 2000, 'ms');
    check('whole suite idle RSS', r.footprint.suiteRssMb, '<', 600, 'MB');
  }
  if (r.firstTraces) {
    const { first, steady } = r.firstTraces;
    const gap = 'client-to-server start gap, median';
    check(`${gap} (steady)`, steady.startGapMs.p50, '<', 2, 'ms');
    check(`${gap} (first 5 traces)`, first.startGapMs.p50, '<', 2, 'ms');
  }
  return checks;
}
