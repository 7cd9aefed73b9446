import type { ProcessGroup } from '@suite/harness';
import type { TraceSpan } from '@suite/trace-model';

/** How long and how hard each scenario runs: QUICK checks the harness, FULL gives the figures. */
export interface Settings {
  fanoutLevels: number[];
  fanoutS: number;
  throughputConnections: number;
  throughputS: number;
  throughputRounds: number;
  warmupS: number;
  burst: number;
  /** Seconds one burst request may take before autocannon counts it as a timeout (an error). */
  burstTimeoutS: number;
  deadHealthyS: number;
  deadDownS: number;
  /** Scenario 7: seconds of load on each layer of the leaf service. */
  leafS: number;
}

export const QUICK: Settings = {
  fanoutLevels: [1, 10, 50],
  fanoutS: 2,
  throughputConnections: 16,
  throughputS: 5,
  throughputRounds: 1,
  warmupS: 1,
  burst: 5000,
  burstTimeoutS: 15,
  deadHealthyS: 3,
  deadDownS: 4,
  leafS: 4,
};

export const FULL: Settings = {
  fanoutLevels: [1, 10, 50],
  fanoutS: 10,
  throughputConnections: 16,
  throughputS: 15,
  throughputRounds: 2,
  warmupS: 3,
  burst: 5000,
  burstTimeoutS: 30,
  deadHealthyS: 10,
  deadDownS: 12,
  leafS: 10,
};

/** What every scenario gets from the bench's main. */
export interface Context {
  root: string;
  settings: Settings;
  /** Environment that sends spans to the collector (endpoint and protocol). */
  tracingEnv: NodeJS.ProcessEnv;
  /** Every group started, so that a failure or Ctrl-C stops them all. */
  groups: Set<ProcessGroup>;
  log: (line: string) => void;
  /** Where the baseline keeps the bodies it serves. */
  workDir: string;
  /** Jaeger's process, when it is the collector: its CPU is part of what tracing costs. */
  collectorPid?: number;
  /** The spans of one trace the collector (Jaeger or the OtlpSink) holds so far. */
  readTrace?: (traceId: string) => Promise<TraceSpan[]>;
}
