// The shape of bench/results/latest.json: one key per scenario, plus the run's meta.
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
  /**
   * CPU used during the burst, in % of one core: the load generator (the bench process) and the
   * BFF. A generator near 100 % would be the bottleneck, not the suite.
   */
  cpuPct?: { loadGenerator: number; bff: number };
  /** Requests answered at all (any HTTP status) within 10 s of the start of the burst. */
  answeredWithin10s?: number;
}

/** Scenario 6: CLIENT span (caller) to SERVER span (callee) over the hops of some traces, in ms. */
export interface HopGaps {
  traces: number;
  hops: number;
  /** SERVER start minus CLIENT start. */
  startGapMs: { p50: number; max: number };
  /** CLIENT end minus SERVER end. */
  endGapMs: { p50: number; max: number };
  /** The largest start gap of each trace, in the order the dashboards were sent. */
  startGapMaxByTraceMs: number[];
  /**
   * Medians per service that calls others: its own time before its first call and after its last
   * (for the BFF, what it adds to the fan-out besides the network).
   */
  ownTimeByService: Record<string, { beforeCallsP50Ms: number; afterCallsP50Ms: number }>;
  /** Medians per hop, e.g. 'bff -> user-service'. */
  byHop: Record<string, { hops: number; startGapP50Ms: number; endGapP50Ms: number }>;
}

/** Scenario 7: one configuration of the leaf service (a fresh process), loaded alone. */
export interface LeafLayerRow {
  label: string;
  /** 2xx answers per second. */
  rps: number;
  /** CPU time (user + system) of the serving process per 2xx answer. */
  cpuMsPerRequest: number;
  /** What this row and the one it is compared with differ by, e.g. 'Nest 11 + express (b - a)'. */
  layer?: string;
  /** That difference in CPU ms per request: the row with the layer minus the row without it. */
  layerCostMs?: number;
  /** Jaeger's CPU per request, when this row's spans went to it. */
  collectorCpuMsPerRequest?: number;
}

export interface BenchReport {
  meta: {
    timestamp: string;
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
  /** Scenario 6: dashboards one at a time on a fresh suite, the first ones and then steady state. */
  firstTraces?: { pauseMs: number; first: HopGaps; steady: HopGaps };
  /** Scenario 7: user-service alone, its layers taken away one at a time. */
  leafLayers?: { path: string; connections: number; durationS: number; rows: LeafLayerRow[] };
  targets: TargetCheck[];
}
