import { DEFAULT_JAEGER_URL, type FaultTarget } from '@suite/harness';
import type { Tracer } from '@opentelemetry/api';
import type { Experiment } from './experiment';
import type { ProbeResult } from './probes';
import { ExperimentRun, type ActionResult, type RunStatus } from './run';
import {
  breakerTransitions,
  typicalDegradedTraces,
  type BreakerTransition,
  type PhaseStats,
  type TypicalTrace,
} from './stats';
import { traceLinks } from './tracing';
import type { RunPhase } from './traffic';

export type { ActionResult, RunStatus } from './run';

export interface ExperimentResult {
  experiment: string;
  title: string;
  description: string;
  /** The value of baggage chaos.experiment and span attribute chaos.experiment for this run. */
  runId: string;
  target: string;
  startedAt: string;
  durationMs: number;
  status: RunStatus;
  /** Why it did not pass, in one line. */
  reason?: string;
  probes: ProbeResult[];
  actions: ActionResult[];
  phases: Partial<Record<RunPhase, PhaseStats & { seconds: number }>>;
  breakerTransitions: BreakerTransition[];
  typicalTraces: (TypicalTrace & { url: string })[];
  jaeger: {
    url: string;
    /** The requests the run drove (service bff, tag chaos.experiment). */
    search: string;
    /** The run's own trace (service chaos): its probes, actions and rollbacks. */
    runTrace?: string;
    runSearch: string;
  };
}

export interface RunOptions {
  target: FaultTarget;
  /** Aborting it (SIGINT/SIGTERM) skips the rest of the method and goes straight to the rollbacks. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  runId?: string;
  jaegerUrl?: string;
  /** Drive load through the BFF (tests of the runner itself turn it off). */
  traffic?: boolean;
  progressEveryMs?: number;
  /** The run becomes a trace of its own (service chaos) through this tracer. */
  tracer?: Tracer;
}

function defaultRunId(id: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${id}.${stamp}`;
}

function result(
  experiment: Experiment,
  run: ExperimentRun,
  runId: string,
  jaegerUrl: string,
  target: FaultTarget,
  traceId: string | undefined,
): ExperimentResult {
  const tags = encodeURIComponent(JSON.stringify({ 'chaos.experiment': runId }));
  return {
    experiment: experiment.id,
    title: experiment.title,
    description: experiment.description,
    runId,
    target: target.description,
    startedAt: run.startedAt.toISOString(),
    durationMs: Math.round(run.elapsed()),
    status: run.status,
    ...(run.reason ? { reason: run.reason } : {}),
    probes: run.probes,
    actions: run.actions,
    phases: run.phases(),
    breakerTransitions: breakerTransitions(run.traffic.samples),
    typicalTraces: typicalDegradedTraces(run.traffic.samples).map((t) => ({
      ...t,
      url: `${jaegerUrl}/trace/${t.traceId}`,
    })),
    jaeger: {
      url: jaegerUrl,
      search: `${jaegerUrl}/search?service=bff&tags=${tags}&limit=100`,
      ...(traceId ? { runTrace: `${jaegerUrl}/trace/${traceId}` } : {}),
      runSearch: `${jaegerUrl}/search?service=chaos&tags=${tags}`,
    },
  };
}

/**
 * Runs one experiment: steady state before, the method under load, rollbacks (always, also when the
 * method fails or the run is interrupted), recovery, steady state after. Never throws for a failed
 * hypothesis or action: the result says what happened.
 */
export async function runExperiment(
  experiment: Experiment,
  options: RunOptions,
): Promise<ExperimentResult> {
  const runId = options.runId ?? defaultRunId(experiment.id);
  const jaegerUrl = (options.jaegerUrl ?? DEFAULT_JAEGER_URL).replace(/\/$/, '');
  const root = options.tracer?.startSpan(`chaos run ${experiment.id}`, {
    root: true,
    attributes: {
      'chaos.experiment': runId,
      'chaos.experiment.id': experiment.id,
      'chaos.experiment.title': experiment.title,
      'chaos.runner': 'npm run chaos',
      'chaos.target': options.target.description,
    },
  });
  const run = new ExperimentRun(experiment, {
    ...(root && options.tracer ? { trace: { tracer: options.tracer, root } } : {}),
    target: options.target,
    ...(options.signal ? { signal: options.signal } : {}),
    log: options.log ?? (() => undefined),
    runId,
    traffic: options.traffic !== false,
    progressEveryMs: options.progressEveryMs ?? 1000,
  });
  await run.beforeAndMethod();
  await run.rollbacks();
  await run.recovery();
  run.judge();
  const outcome = result(
    experiment,
    run,
    runId,
    jaegerUrl,
    options.target,
    root?.spanContext().traceId,
  );
  if (root) {
    root.setAttribute('chaos.status', run.status);
    if (run.reason) root.setAttribute('chaos.reason', run.reason);
    root.addLinks(
      traceLinks(
        run.traffic.samples.filter((x) =>
          outcome.typicalTraces.some((t) => t.traceId === x.traceId),
        ),
      ),
    );
    root.setStatus(
      run.status === 'passed' ? { code: 1 } : { code: 2, message: run.reason ?? run.status },
    );
    root.end();
  }
  return outcome;
}
