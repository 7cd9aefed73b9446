import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultTarget, ServiceName } from '@suite/harness';
import type { Action, Experiment, Phase, Probe } from './experiment';
import {
  evaluatePoint,
  evaluateTraffic,
  readBalances,
  type Balances,
  type ProbeResult,
} from './probes';
import {
  breakerTransitions,
  phaseStats,
  typicalDegradedTraces,
  type BreakerTransition,
  type PhaseStats,
  type TypicalTrace,
} from './stats';
import { Traffic, type RunPhase, type Sample } from './traffic';

export interface ActionResult {
  stage: 'method' | 'rollback';
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export type RunStatus = 'passed' | 'failed' | 'interrupted';

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
  jaeger: { url: string; search: string };
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
}

class Interrupted extends Error {}

async function pause(ms: number | undefined, signal?: AbortSignal): Promise<void> {
  if (!ms) return;
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch {
    throw new Interrupted('interrupted');
  }
}

function describeAction(action: Action): string {
  switch (action.type) {
    case 'process':
      return `${action.fault} ${action.service}`;
    case 'inject':
      return `inject ${JSON.stringify(action.fault)} into ${action.service}`;
    case 'clear-faults':
      return `clear faults of ${action.service}`;
    case 'wait':
      return `wait ${action.ms} ms`;
  }
}

async function perform(action: Action, target: FaultTarget, signal?: AbortSignal): Promise<void> {
  if (action.type === 'wait') return pause(action.ms, signal);
  await pause(action.pauses?.beforeMs, signal);
  const service = action.service as ServiceName;
  if (action.type === 'process') {
    await target[action.fault](service);
  } else {
    if (!target.chaosToken) {
      throw new Error(
        `${target.description} has no chaos admin token: start the services with CHAOS_ADMIN_TOKEN (npm start sets one; for docker compose export CHAOS_ADMIN_TOKEN for both compose and this command)`,
      );
    }
    const inject = action.type === 'inject';
    const answer = await target.http(service, {
      method: inject ? 'POST' : 'DELETE',
      path: '/admin/chaos/faults',
      headers: { authorization: `Bearer ${target.chaosToken}` },
      ...(inject ? { body: action.fault } : {}),
    });
    if (answer.status !== (inject ? 201 : 200)) {
      const message = (answer.body as { message?: string } | undefined)?.message ?? answer.error;
      throw new Error(`${service} answered ${answer.status} to the chaos admin API: ${message}`);
    }
  }
  await pause(action.pauses?.afterMs, signal);
}

function defaultRunId(id: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${id}.${stamp}`;
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
  const { target, signal } = options;
  const log = options.log ?? (() => undefined);
  const runId = options.runId ?? defaultRunId(experiment.id);
  const jaegerUrl = (options.jaegerUrl ?? 'http://127.0.0.1:16686').replace(/\/$/, '');
  const startedAt = new Date();
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  let phase: RunPhase = 'before';
  const phaseStarts: { phase: RunPhase; at: number }[] = [];
  const enter = (next: RunPhase) => {
    phase = next;
    phaseStarts.push({ phase: next, at: elapsed() });
    log(`▸ ${next}`);
  };

  const probes: ProbeResult[] = [];
  const actions: ActionResult[] = [];
  const hypothesis = experiment['steady-state-hypothesis'].probes;
  const traffic = new Traffic({
    ...experiment.load,
    bffUrl: target.bffUrl,
    runId,
    phase: () => phase,
    now: elapsed,
  });
  let status: RunStatus = 'passed';
  let reason: string | undefined;
  const fail = (why: string) => {
    if (status === 'passed') {
      status = 'failed';
      reason = why;
    }
  };

  /** Performs one action and records it in the report: the failure's message, or undefined. */
  const act = async (
    stage: ActionResult['stage'],
    action: Action,
    abort?: AbortSignal,
  ): Promise<string | undefined> => {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      await perform(action, target, abort);
      actions.push({ stage, name: action.name, ok: true, ms: ms() });
      return undefined;
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      const message = (error as Error).message;
      actions.push({ stage, name: action.name, ok: false, ms: ms(), error: message });
      return message;
    }
  };

  const checkPoints = async (at: Phase) => {
    for (const probe of hypothesis) {
      if (probe.type === 'traffic' || !probe.phases.includes(at)) continue;
      const result = await evaluatePoint(probe, at, target, {
        samples: traffic.samples,
        ...(baseline ? { baseline } : {}),
      });
      probes.push(result);
      log(`  ${result.ok ? '✔' : '✖'} [${at}] ${probe.name}: ${result.detail}`);
    }
  };
  const trafficProbes = (at: Phase): ProbeResult[] =>
    hypothesis
      .filter(
        (p): p is Extract<Probe, { type: 'traffic' }> =>
          p.type === 'traffic' && p.phases.includes(at),
      )
      .map((p) => evaluateTraffic(p, at, traffic.samples));

  let progress: NodeJS.Timeout | undefined;
  let earlyTraffic: ProbeResult[] = [];
  let baseline: Balances | undefined;
  try {
    if (hypothesis.some((p) => p.type === 'accruals')) {
      const [from, to] = experiment.load.checkoutUsers;
      baseline = await readBalances(
        target,
        Array.from({ length: to - from + 1 }, (_, i) => String(from + i)),
      );
    }
    enter('before');
    if (options.traffic !== false) {
      traffic.start();
      let shown = 0;
      progress = setInterval(() => {
        const recent = traffic.samples.slice(shown);
        shown = traffic.samples.length;
        const stats = phaseStats(recent);
        const errors = recent.filter((s) => s.status === 0 || s.status >= 500).length;
        log(
          `  [${phase.padEnd(8)} ${(elapsed() / 1000).toFixed(1).padStart(5)} s] ${stats.requests} req/s · 5xx ${errors} · degraded ${stats.degraded} · p95 ${stats.latencyMs.p95} ms`,
        );
      }, options.progressEveryMs ?? 1000);
      progress.unref();
    }
    await pause(experiment.timing.beforeMs, signal);
    await checkPoints('before');
    // Judged now, on the answers so far: a request still in flight is the method's to affect.
    earlyTraffic = trafficProbes('before');
    for (const r of earlyTraffic) log(`  ${r.ok ? '✔' : '✖'} [before] ${r.name}: ${r.detail}`);
    if ([...earlyTraffic, ...probes].some((p) => !p.ok)) {
      fail('the steady state did not hold before the method: nothing was injected');
      throw new Interrupted('steady state not met');
    }

    enter('during');
    for (const action of experiment.method) {
      log(`  → ${action.name}: ${describeAction(action)}`);
      const failure = await act('method', action, signal);
      if (failure !== undefined) {
        log(`  ✖ ${action.name} failed: ${failure}`);
        fail(`method action "${action.name}" failed: ${failure}`);
        throw new Interrupted('method failed');
      }
    }
    await checkPoints('during');
  } catch (error) {
    if (!(error instanceof Interrupted)) {
      fail(`the run broke: ${(error as Error).message}`);
      log(`  ✖ ${(error as Error).message}`);
    }
  }

  if (signal?.aborted) {
    status = 'interrupted';
    reason =
      'interrupted (SIGINT/SIGTERM): rollbacks ran, the hypothesis was not checked to the end';
  }

  // Rollbacks: every one, whatever happened above, never cut short by the interrupt.
  enter('rollback');
  for (const action of experiment.rollbacks) {
    log(`  ↺ ${action.name}: ${describeAction(action)}`);
    const failure = await act('rollback', action);
    if (failure !== undefined) {
      log(`  ✖ rollback ${action.name} failed: ${failure}`);
      fail(`rollback "${action.name}" failed: ${failure}`);
    }
  }

  const reachedDuring = phaseStarts.some((p) => p.phase === 'during');
  if (status !== 'interrupted' && reachedDuring && !reason?.startsWith('method')) {
    try {
      enter('recovery');
      await pause(experiment.timing.recoveryMs, signal);
      enter('after');
      await pause(experiment.timing.afterMs, signal);
      // Quiet first: a checkout still in flight would race the balance check.
      if (progress) clearInterval(progress);
      await traffic.stop();
      await checkPoints('after');
    } catch {
      status = 'interrupted';
      reason = 'interrupted (SIGINT/SIGTERM) after the rollbacks';
    }
  }
  if (progress) clearInterval(progress);
  await traffic.stop();

  if (status !== 'interrupted') {
    const measured = new Set(phaseStarts.map((p) => p.phase));
    for (const at of ['during', 'after'] as const) {
      if (!measured.has(at)) continue;
      for (const result of trafficProbes(at)) {
        probes.push(result);
        log(`  ${result.ok ? '✔' : '✖'} [${at}] ${result.name}: ${result.detail}`);
      }
    }
    // `before` traffic probes were judged (and printed) when the before window ended.
    probes.unshift(...earlyTraffic);
    const failed = probes.filter((p) => !p.ok);
    if (failed.length)
      fail(
        `${failed.length} probe(s) failed: ${failed.map((p) => `${p.name} [${p.phase}]`).join(', ')}`,
      );
  }

  const phases: ExperimentResult['phases'] = {};
  phaseStarts.forEach(({ phase: p, at }, i) => {
    const end = phaseStarts[i + 1]?.at ?? elapsed();
    const samples: Sample[] = traffic.samples.filter((s) => s.phase === p);
    phases[p] = { ...phaseStats(samples), seconds: Math.round((end - at) / 100) / 10 };
  });
  const tags = encodeURIComponent(JSON.stringify({ 'chaos.experiment': runId }));
  return {
    experiment: experiment.id,
    title: experiment.title,
    description: experiment.description,
    runId,
    target: target.description,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(elapsed()),
    status,
    ...(reason ? { reason } : {}),
    probes,
    actions,
    phases,
    breakerTransitions: breakerTransitions(traffic.samples),
    typicalTraces: typicalDegradedTraces(traffic.samples).map((t) => ({
      ...t,
      url: `${jaegerUrl}/trace/${t.traceId}`,
    })),
    jaeger: { url: jaegerUrl, search: `${jaegerUrl}/search?service=bff&tags=${tags}&limit=100` },
  };
}
