import type { Summary } from '@suite/traffic';

export type Strategy = 'parallel' | 'bounded' | 'sequential';

export interface FanoutLevel {
  connections: number;
  requests: number;
  rps: number;
  errors: number;
  latencyMs: { p50: number; p99: number };
  /** The slowest of the four branches (meta.branches[*].ms), per request. */
  slowestBranchMs: { p50: number; p99: number };
  /** Per request: client-observed latency minus that request's slowest branch. */
  overheadMs: Summary;
}

export interface FanoutStrategy {
  /** At the highest concurrency level: what the targets are about. */
  overheadMs: { p50: number; p99: number };
  levels: FanoutLevel[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  /** How far off, when missed, in the target's unit. */
  missBy?: string;
}

export interface ConcurrencyRun {
  /** The BFF's MAX_IN_FLIGHT: 0 when load shedding is off. */
  maxInFlight: number;
  connections: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  degraded: number;
  /** Answers per HTTP status, e.g. { '200': 180, '503': 4820 }. */
  statusCodes: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  durationS: number;
  peakRssMb: number;
  peakSockets: number;
  bulkhead: { limit: number; queue: number };
}

export interface BenchReport {
  meta: {
    timestamp: string;
    gitCommit: string;
    mode: 'quick' | 'full';
    durationS: number;
    collector: string;
    machine: { cpuCount: number; cpuModel: string; memoryMb: number; loadAverage: number[] };
    nodeVersion: string;
    notes: string[];
  };
  fanout: {
    latenciesMs: Record<string, number>;
    /** The longest chain: recommendation-service calls order-service before it scores. */
    expectedSlowestBranchMs: number;
    parallel: FanoutStrategy;
    bounded: FanoutStrategy;
    sequential: FanoutStrategy;
  };
  throughput: {
    connections: number;
    durationS: number;
    suiteRps: number;
    suiteTracingOffRps: number;
    baselineRps: number;
    ratioToBaseline: number;
    tracingCostPct: number;
    runs: Record<
      string,
      {
        rps: number;
        allRps: number;
        statusCodes: Record<string, number>;
        p50Ms: number;
        p99Ms: number;
        errors: number;
        non2xx: number;
        /** CPU ms per 2xx dashboard by process (each service, Jaeger when it collects, the load generator) and in total. */
        cpuMsPerDashboard?: Record<string, number>;
      }
    >;
  };
  /** Without the BFF's load shedding (what the targets are about), then with it. */
  concurrency: ConcurrencyRun & { withLoadShedding?: ConcurrencyRun };
  deadDependency: {
    healthyP99Ms: number;
    beforeBreakerOpenP99Ms: number;
    breakerOpenP99Ms: number;
    samples: { healthy: number; beforeOpen: number; breakerOpen: number };
    /** Dashboards answered after loyalty-service stopped until the first circuit-open branch. */
    requestsUntilOpen: number;
    breakerPresent: boolean;
  };
  footprint: {
    services: Record<string, { startMs: number; idleRssMb: number }>;
    suiteRssMb: number;
    maxStartMs: number;
  };
  targets: TargetCheck[];
}

/** The keys the issue promises, as dotted paths; `missingKeys` checks a report against them. */
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

type Partial2<T> = { [K in keyof T]?: T[K] };

/** The targets of issue 7, checked against whatever the run measured. */
export function checkTargets(r: Partial2<BenchReport>): TargetCheck[] {
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
      ...(met ? {} : { missBy: `${fmt(Math.abs(value - limit))} ${unit}` }),
    });
  };
  const atMost = (name: string, value: number | undefined, limit: number, unit: string) =>
    check(name, value, '<=', limit, unit);
  const parallel = r.fanout?.parallel;
  const top = parallel?.levels[parallel.levels.length - 1]?.connections;
  atMost(`parallel overhead p50 (c=${top})`, parallel?.overheadMs.p50, 2, 'ms');
  atMost(`parallel overhead p99 (c=${top})`, parallel?.overheadMs.p99, 5, 'ms');
  if (r.throughput) {
    check(
      'suite throughput / raw baseline (tracing on)',
      fmt(r.throughput.ratioToBaseline * 100),
      '>=',
      50,
      '%',
    );
    atMost('tracing cost (throughput)', r.throughput.tracingCostPct, 15, '%');
  }
  if (r.concurrency) {
    atMost(
      `errors at ${r.concurrency.connections} concurrent`,
      r.concurrency.errors,
      0,
      'requests',
    );
    check('BFF peak RSS under that load', r.concurrency.peakRssMb, '<', 300, 'MB');
  }
  if (r.deadDependency) {
    atMost(
      'breaker-open p99 minus healthy p99',
      fmt(r.deadDependency.breakerOpenP99Ms - r.deadDependency.healthyP99Ms),
      5,
      'ms',
    );
  }
  if (r.footprint) {
    check('slowest service start-to-ready', r.footprint.maxStartMs, '<', 2000, 'ms');
    check('whole suite idle RSS', r.footprint.suiteRssMb, '<', 600, 'MB');
  }
  return checks;
}

function fmt(n: number): number {
  return Math.round(n * 10) / 10;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const num = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : String(n));

/** The Markdown report: one table per scenario, then the targets. */
export function toMarkdown(r: Partial2<BenchReport> & Pick<BenchReport, 'meta'>): string {
  const { meta } = r;
  const lines: string[] = [
    `# Benchmark (${meta.mode})`,
    '',
    `${meta.timestamp}, commit ${meta.gitCommit}; ${meta.machine.cpuCount} CPUs (${meta.machine.cpuModel}), ` +
      `${meta.machine.memoryMb} MB, load average at start ${meta.machine.loadAverage.join(' / ')}; ` +
      `Node ${meta.nodeVersion}; spans exported to ${meta.collector}; run took ${meta.durationS} s.`,
    '',
  ];
  if (r.fanout) {
    const f = r.fanout;
    lines.push(
      `## 1. Fan-out overhead`,
      '',
      `Downstream latency fixed: ${Object.entries(f.latenciesMs)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')}; the slowest branch (recommendations, which calls order-service first) ` +
        `is expected at ~${f.expectedSlowestBranchMs} ms. Overhead = BFF latency seen by the client minus the ` +
        `slowest branch of the same request (meta.branches).`,
      '',
      row([
        'strategy',
        'connections',
        'req/s',
        'p50 ms',
        'p99 ms',
        'slowest branch p50',
        'overhead p50',
        'overhead p99',
        'errors',
      ]),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const strategy of ['parallel', 'bounded', 'sequential'] as const) {
      for (const l of f[strategy].levels) {
        lines.push(
          row([
            strategy,
            l.connections,
            l.rps,
            l.latencyMs.p50,
            l.latencyMs.p99,
            l.slowestBranchMs.p50,
            l.overheadMs.p50,
            l.overheadMs.p99,
            l.errors,
          ]),
        );
      }
    }
    lines.push('');
  }
  if (r.throughput) {
    const t = r.throughput;
    lines.push(
      `## 2. Throughput (latency 0, ${t.connections} connections, ${t.durationS} s each)`,
      '',
      row(['run', '2xx req/s', 'all req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...Object.entries(t.runs).map(([name, x]) =>
        row([name, x.rps, x.allRps, x.p50Ms, x.p99Ms, x.errors, x.non2xx]),
      ),
      '',
      `Suite / baseline: **${num(Math.round(t.ratioToBaseline * 1000) / 10)} %**; tracing cost: **${num(t.tracingCostPct)} %** of throughput.`,
      '',
      ...cpuSplit(t.runs),
    );
  }
  if (r.concurrency) {
    const c = r.concurrency;
    const runs = [c, ...(c.withLoadShedding ? [c.withLoadShedding] : [])];
    lines.push(
      `## 3. Concurrency (${c.connections} connections, one dashboard each)`,
      '',
      row([
        'BFF load shedding',
        'requests',
        'errors',
        'status mix',
        'timeouts',
        'degraded 200s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'BFF peak RSS MB',
        'BFF peak sockets',
        'took s',
      ]),
      row(['---', ...Array<string>(11).fill('---:')]),
      ...runs.map((x) =>
        row([
          x.maxInFlight > 0 ? `MAX_IN_FLIGHT=${x.maxInFlight}` : 'off',
          x.requests,
          x.errors,
          Object.entries(x.statusCodes)
            .map(([status, n]) => `${status}: ${n}`)
            .join(', '),
          x.timeouts,
          x.degraded,
          x.p50Ms,
          x.p99Ms,
          x.maxMs,
          x.peakRssMb,
          x.peakSockets,
          x.durationS,
        ]),
      ),
      '',
      `Bulkheads raised to ${c.bulkhead.limit} in flight + ${c.bulkhead.queue} queued per downstream for this scenario (default 64 + 64). The targets are about the run without load shedding: 20,000 downstream calls in flight at the peak; with it, the BFF answers what it cannot serve in time with a 503 at once.`,
      '',
    );
  }
  if (r.deadDependency) {
    const d = r.deadDependency;
    lines.push(
      `## 4. Dead dependency (loyalty-service stopped)`,
      '',
      row(['phase', 'p99 ms', 'samples']),
      row(['---', '---:', '---:']),
      row(['healthy', d.healthyP99Ms, d.samples.healthy]),
      row(['loyalty down, breaker closed', num(d.beforeBreakerOpenP99Ms), d.samples.beforeOpen]),
      row(['loyalty down, breaker open', num(d.breakerOpenP99Ms), d.samples.breakerOpen]),
      '',
      d.breakerPresent
        ? `The first circuit-open branch came with dashboard ${d.requestsUntilOpen + 1} after the stop; "breaker closed" counts the first wave (one dashboard per connection, sent before anything failed: their calls open the breaker) and later half-open probes.`
        : 'No dashboard reported a circuit-open branch: no breaker in this build (both phases are "loyalty down").',
      '',
    );
  }
  if (r.footprint) {
    const p = r.footprint;
    lines.push(
      `## 5. Footprint`,
      '',
      row(['service', 'start-to-ready ms', 'idle RSS MB']),
      row(['---', '---:', '---:']),
      ...Object.entries(p.services).map(([name, s]) => row([name, s.startMs, s.idleRssMb])),
      row(['**suite**', `max ${p.maxStartMs}`, `**${p.suiteRssMb}**`]),
      '',
    );
  }
  if (r.targets?.length) {
    lines.push(
      `## Targets`,
      '',
      row(['target', 'wanted', 'measured', 'met']),
      row(['---', '---', '---', '---']),
      ...r.targets.map((t) =>
        row([t.name, t.target, t.measured, t.met ? 'yes' : `no (by ${t.missBy})`]),
      ),
      '',
    );
  }
  if (meta.notes.length) lines.push('## Notes', '', ...meta.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

/** Where a dashboard's CPU goes, process by process (ms per 2xx dashboard, from /proc/<pid>/stat). */
function cpuSplit(runs: BenchReport['throughput']['runs']): string[] {
  const measured = Object.entries(runs).flatMap(([name, x]) =>
    x.cpuMsPerDashboard ? [[name, x.cpuMsPerDashboard] as const] : [],
  );
  if (measured.length === 0) return [];
  // Only the traced run has a collector column; total stays last.
  const columns = [...new Set(measured.flatMap(([, cpu]) => Object.keys(cpu)))];
  columns.push(...columns.splice(columns.indexOf('total'), 1));
  return [
    'CPU time per dashboard, by process (ms; both cores together give 2,000 ms per second):',
    '',
    row(['run', ...columns]),
    row(['---', ...columns.map(() => '---:')]),
    ...measured.map(([name, cpu]) => row([name, ...columns.map((c) => cpu[c] ?? '')])),
    '',
  ];
}
