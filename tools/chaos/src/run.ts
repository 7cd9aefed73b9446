// One experiment run's state and its stages: steady state, method, rollbacks, recovery, verdict.
import type { Span, Tracer } from '@opentelemetry/api';
import type { FaultTarget } from '@suite/harness';
import { Interrupted, describeAction, pause, perform } from './actions';
import type { Action, Experiment, Phase, Probe } from './experiment';
import {
  evaluatePoint,
  evaluateTraffic,
  readBalances,
  type Balances,
  type ProbeResult,
} from './probes';
import { phaseStats, type PhaseStats } from './stats';
import { childOf, endWithOutcome, traceLinks } from './tracing';
import { Traffic, type RunPhase, type Sample } from './traffic';

export interface ActionResult {
  stage: 'method' | 'rollback';
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export type RunStatus = 'passed' | 'failed' | 'interrupted';

export interface RunSettings {
  target: FaultTarget;
  signal?: AbortSignal;
  log: (line: string) => void;
  runId: string;
  /** Drive load through the BFF (tests of the runner itself turn it off). */
  traffic: boolean;
  progressEveryMs: number;
  /** The run's root span and its tracer: each probe, action and rollback becomes a child span. */
  trace?: { tracer: Tracer; root: Span };
}

/** Answers that show the fault: not a 2xx, or a dashboard with a degraded branch. */
export const degradedSamples = (samples: Sample[]) =>
  samples.filter((x) => x.status < 200 || x.status > 299 || (x.degraded?.length ?? 0) > 0);

const mark = (ok: boolean) => (ok ? '✔' : '✖');

export class ExperimentRun {
  readonly startedAt = new Date();
  readonly probes: ProbeResult[] = [];
  readonly actions: ActionResult[] = [];
  readonly phaseStarts: { phase: RunPhase; at: number }[] = [];
  readonly traffic: Traffic;
  status: RunStatus = 'passed';
  reason: string | undefined;
  private phase: RunPhase = 'before';
  private readonly t0 = performance.now();
  private readonly hypothesis: Probe[];
  private progress: NodeJS.Timeout | undefined;
  private earlyTraffic: ProbeResult[] = [];
  private baseline: Balances | undefined;
  /** Method probes already checked at their place in the method. */
  private readonly checked = new Set<string>();

  constructor(
    private readonly experiment: Experiment,
    private readonly s: RunSettings,
  ) {
    this.hypothesis = experiment['steady-state-hypothesis'].probes;
    this.traffic = new Traffic({
      ...experiment.load,
      bffUrl: s.target.bffUrl,
      runId: s.runId,
      phase: () => this.phase,
      now: () => this.elapsed(),
    });
  }

  elapsed(): number {
    return performance.now() - this.t0;
  }

  private enter(next: RunPhase): void {
    this.phase = next;
    this.phaseStarts.push({ phase: next, at: this.elapsed() });
    this.s.log(`▸ ${next}`);
  }

  private fail(why: string): void {
    if (this.status === 'passed') {
      this.status = 'failed';
      this.reason = why;
    }
  }

  /** A child span of the run for one probe, action or rollback; ended by endWithOutcome. */
  private span(
    name: string,
    stage: string,
    startMs?: number,
    samples: Sample[] = [],
  ): Span | undefined {
    const t = this.s.trace;
    if (!t) return undefined;
    return t.tracer.startSpan(
      name,
      {
        attributes: { 'chaos.experiment': this.s.runId, 'chaos.stage': stage },
        links: traceLinks(degradedSamples(samples)),
        ...(startMs !== undefined ? { startTime: this.startedAt.getTime() + startMs } : {}),
      },
      childOf(t.root),
    );
  }

  private record(result: ProbeResult, startMs?: number, samples: Sample[] = []): void {
    this.probes.push(result);
    this.s.log(`  ${mark(result.ok)} [${result.phase}] ${result.name}: ${result.detail}`);
    const span = this.span(`probe: ${result.name}`, `probe ${result.phase}`, startMs, samples);
    if (span) endWithOutcome(span, result.ok, result.detail);
  }

  /** Performs one action and records it in the report: the failure's message, or undefined. */
  private async act(
    stage: ActionResult['stage'],
    action: Action,
    abort?: AbortSignal,
  ): Promise<string | undefined> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const span = this.span(`${stage === 'method' ? 'action' : stage}: ${action.name}`, stage);
    span?.setAttribute('chaos.action', describeAction(action));
    try {
      await perform(action, this.s.target, abort);
      this.actions.push({ stage, name: action.name, ok: true, ms: ms() });
      if (span) endWithOutcome(span, true, describeAction(action));
      return undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (span) endWithOutcome(span, false, message);
      if (error instanceof Interrupted) throw error;
      this.actions.push({ stage, name: action.name, ok: false, ms: ms(), error: message });
      return message;
    }
  }

  private async checkPoints(at: Phase): Promise<void> {
    for (const probe of this.hypothesis) {
      if (probe.type === 'traffic' || !probe.phases.includes(at)) continue;
      if (this.checked.has(probe.name)) continue;
      await this.checkPoint(probe, at);
    }
  }

  private async checkPoint(probe: Exclude<Probe, { type: 'traffic' }>, at: Phase): Promise<void> {
    const startMs = this.elapsed();
    const result = await evaluatePoint(probe, at, this.s.target, {
      samples: this.traffic.samples,
      ...(this.baseline ? { baseline: this.baseline } : {}),
    });
    this.record(result, startMs);
  }

  /** A method probe at its place: a traffic probe judges the answers of its window. */
  private async check(action: Extract<Action, { type: 'check' }>): Promise<void> {
    const probe = this.hypothesis.find((p) => p.name === action.probe)!;
    this.checked.add(probe.name);
    this.s.log(`  ? ${action.name}: ${describeAction(action)}`);
    const from = this.elapsed();
    await pause(action.ms, this.s.signal);
    if (probe.type !== 'traffic') return this.checkPoint(probe, 'during');
    const window = this.traffic.samples.filter((x) => x.at >= from);
    this.record(evaluateTraffic(probe, 'during', window), from, window);
  }

  private trafficProbes(at: Phase): ProbeResult[] {
    return this.hypothesis
      .filter(
        (p): p is Extract<Probe, { type: 'traffic' }> =>
          p.type === 'traffic' && p.phases.includes(at),
      )
      .filter((p) => !this.checked.has(p.name))
      .map((p) => evaluateTraffic(p, at, this.traffic.samples));
  }

  private phaseStart(at: RunPhase): number | undefined {
    return this.phaseStarts.find((p) => p.phase === at)?.at;
  }

  private startTraffic(): void {
    if (!this.s.traffic) return;
    this.traffic.start();
    let shown = 0;
    this.progress = setInterval(() => {
      const recent = this.traffic.samples.slice(shown);
      shown = this.traffic.samples.length;
      const stats = phaseStats(recent);
      const errors = recent.filter((x) => x.status === 0 || x.status >= 500).length;
      this.s.log(
        `  [${this.phase.padEnd(8)} ${(this.elapsed() / 1000).toFixed(1).padStart(5)} s] ${stats.requests} req/s · 5xx ${errors} · degraded ${stats.degraded} · p95 ${stats.latencyMs.p95} ms`,
      );
    }, this.s.progressEveryMs);
    this.progress.unref();
  }

  private async stopTraffic(): Promise<void> {
    if (this.progress) clearInterval(this.progress);
    await this.traffic.stop();
  }

  /** The steady state before, then the method. Never throws: a failure is recorded. */
  async beforeAndMethod(): Promise<void> {
    try {
      if (this.hypothesis.some((p) => p.type === 'accruals')) {
        const [from, to] = this.experiment.load.checkoutUsers;
        const users = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
        this.baseline = await readBalances(this.s.target, users);
      }
      this.enter('before');
      this.startTraffic();
      await pause(this.experiment.timing.beforeMs, this.s.signal);
      await this.checkPoints('before');
      // Judged now, on the answers so far: a request still in flight is the method's to affect.
      this.earlyTraffic = this.trafficProbes('before');
      const before = this.traffic.samples.filter((x) => x.phase === 'before');
      for (const r of this.earlyTraffic) {
        this.s.log(`  ${mark(r.ok)} [before] ${r.name}: ${r.detail}`);
        const span = this.span(`probe: ${r.name}`, 'probe before', 0, before);
        if (span) endWithOutcome(span, r.ok, r.detail);
      }
      if ([...this.earlyTraffic, ...this.probes].some((p) => !p.ok)) {
        this.fail('the steady state did not hold before the method: nothing was injected');
        throw new Interrupted('steady state not met');
      }
      await this.method();
    } catch (error) {
      if (!(error instanceof Interrupted)) {
        this.fail(`the run broke: ${(error as Error).message}`);
        this.s.log(`  ✖ ${(error as Error).message}`);
      }
    }
    if (this.s.signal?.aborted) {
      this.status = 'interrupted';
      this.reason =
        'interrupted (SIGINT/SIGTERM): rollbacks ran, the hypothesis was not checked to the end';
    }
  }

  private async method(): Promise<void> {
    this.enter('during');
    for (const action of this.experiment.method) {
      if (action.type === 'check') {
        await this.check(action);
        continue;
      }
      this.s.log(`  → ${action.name}: ${describeAction(action)}`);
      const failure = await this.act('method', action, this.s.signal);
      if (failure !== undefined) {
        this.s.log(`  ✖ ${action.name} failed: ${failure}`);
        this.fail(`method action "${action.name}" failed: ${failure}`);
        throw new Interrupted('method failed');
      }
    }
    await this.checkPoints('during');
  }

  /** Every rollback, whatever happened before, never cut short by the interrupt. */
  async rollbacks(): Promise<void> {
    this.enter('rollback');
    for (const action of this.experiment.rollbacks) {
      this.s.log(`  ↺ ${action.name}: ${describeAction(action)}`);
      const failure = await this.act('rollback', action);
      if (failure !== undefined) {
        this.s.log(`  ✖ rollback ${action.name} failed: ${failure}`);
        this.fail(`rollback "${action.name}" failed: ${failure}`);
      }
    }
  }

  /** Recovery and the steady state after, when the method ran; then the traffic stops. */
  async recovery(): Promise<void> {
    const reachedDuring = this.phaseStarts.some((p) => p.phase === 'during');
    if (this.status !== 'interrupted' && reachedDuring && !this.reason?.startsWith('method')) {
      try {
        this.enter('recovery');
        await pause(this.experiment.timing.recoveryMs, this.s.signal);
        this.enter('after');
        await pause(this.experiment.timing.afterMs, this.s.signal);
        // Quiet first: a checkout still in flight would race the balance check.
        await this.stopTraffic();
        await this.checkPoints('after');
      } catch {
        this.status = 'interrupted';
        this.reason = 'interrupted (SIGINT/SIGTERM) after the rollbacks';
      }
    }
    await this.stopTraffic();
  }

  /** The traffic probes of the phases that were measured, and the verdict. */
  judge(): void {
    if (this.status === 'interrupted') return;
    const measured = new Set(this.phaseStarts.map((p) => p.phase));
    for (const at of ['during', 'after'] as const) {
      if (!measured.has(at)) continue;
      const samples = this.traffic.samples.filter((x) => x.phase === at);
      for (const result of this.trafficProbes(at))
        this.record(result, this.phaseStart(at), samples);
    }
    // `before` traffic probes were judged (and printed) when the before window ended.
    this.probes.unshift(...this.earlyTraffic);
    const failed = this.probes.filter((p) => !p.ok);
    if (failed.length)
      this.fail(
        `${failed.length} probe(s) failed: ${failed.map((p) => `${p.name} [${p.phase}]`).join(', ')}`,
      );
  }

  /** Traffic figures per phase, with how long each lasted. */
  phases(): Partial<Record<RunPhase, PhaseStats & { seconds: number }>> {
    const phases: Partial<Record<RunPhase, PhaseStats & { seconds: number }>> = {};
    this.phaseStarts.forEach(({ phase: p, at }, i) => {
      const end = this.phaseStarts[i + 1]?.at ?? this.elapsed();
      const samples = this.traffic.samples.filter((x) => x.phase === p);
      phases[p] = { ...phaseStats(samples), seconds: Math.round((end - at) / 100) / 10 };
    });
    return phases;
  }
}
