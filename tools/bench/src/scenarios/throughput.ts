// Scenario 2: dashboards per second of the suite with tracing on and off, against a raw baseline.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, type ProcessGroup, type ServiceName } from '@suite/harness';
import { costPct, ratio, round } from '@suite/traffic';
import { BASELINE_ROLE, captureBodies, launchBaseline } from '../baseline/launch';
import { DASHBOARD } from '../dashboard';
import { launch, line, pidOf, stop } from '../lifecycle';
import { runLoad, type LoadResult } from '../load';
import type { BenchReport } from '../report';
import type { Context } from '../settings';
import { withCpuSplit } from './cpu-split';

type Targets = Record<string, { url: string; pids: Record<string, number> }>;
type Best = Record<string, LoadResult & { cpuMsPerDashboard: Record<string, number> }>;

/** The three systems under test, started together: each is idle until its turn. */
async function startTargets(
  ctx: Context,
): Promise<{ targets: Targets; groups: [ProcessGroup, string][] }> {
  const [on, off] = await Promise.all([
    launch(ctx, 'latency 0, tracing on', { ...ctx.tracingEnv, LATENCY: 'off' }),
    launch(ctx, 'latency 0, tracing off', {
      ...ctx.tracingEnv,
      LATENCY: 'off',
      OTEL_TRACES_EXPORTER: 'none',
    }),
  ]);
  const groups: [ProcessGroup, string][] = [
    [on.group, 'the suite (tracing on)'],
    [off.group, 'the suite (tracing off)'],
  ];
  // On a failure below, what started is still in ctx.groups: the bench's clean-up stops it.
  const bodiesFile = join(ctx.workDir, 'baseline-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(await captureBodies(on.suite)));
  const baseline = await launchBaseline(ctx, bodiesFile);
  groups.push([baseline.group, 'the baseline']);
  const pidsOf = (group: ProcessGroup, processName: (service: ServiceName) => string) =>
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, pidOf(group, processName(name))]));
  const targets: Targets = {
    'suite, tracing on': {
      url: `${on.suite.urls.bff}${DASHBOARD}`,
      pids: {
        ...pidsOf(on.group, (name) => name),
        ...(ctx.collectorPid ? { jaeger: ctx.collectorPid } : {}),
      },
    },
    'suite, tracing off': {
      url: `${off.suite.urls.bff}${DASHBOARD}`,
      pids: pidsOf(off.group, (name) => name),
    },
    'raw baseline': {
      url: baseline.url,
      pids: pidsOf(baseline.group, (name) => `baseline-${BASELINE_ROLE[name]}`),
    },
  };
  return { targets, groups };
}

/** Every target, round after round; the best 2xx rate of each counts. */
async function measure(ctx: Context, targets: Targets): Promise<Best> {
  const { settings: s } = ctx;
  const best: Best = {};
  for (let round = 1; round <= s.throughputRounds; round++) {
    for (const [name, { url, pids }] of Object.entries(targets)) {
      ctx.log(
        `scenario 2, throughput (round ${round}/${s.throughputRounds}): ${name}, warm-up ${s.warmupS} s`,
      );
      await runLoad({ url, connections: s.throughputConnections, durationS: s.warmupS });
      ctx.log(`  ${s.throughputConnections} connections, ${s.throughputS} s`);
      const { run, cpuMsPerAnswer: cpuMsPerDashboard } = await withCpuSplit(pids, () =>
        runLoad({ url, connections: s.throughputConnections, durationS: s.throughputS }),
      );
      ctx.log(`  ${line(run)}; CPU per dashboard ${cpuMsPerDashboard['total']} ms`);
      if (!best[name] || run.okRps > best[name].okRps) best[name] = { ...run, cpuMsPerDashboard };
    }
  }
  return best;
}

function summary(ctx: Context, best: Best): BenchReport['throughput'] {
  const suiteRps = best['suite, tracing on']!.okRps;
  const suiteTracingOffRps = best['suite, tracing off']!.okRps;
  const baselineRps = best['raw baseline']!.okRps;
  return {
    connections: ctx.settings.throughputConnections,
    durationS: ctx.settings.throughputS,
    suiteRps,
    suiteTracingOffRps,
    baselineRps,
    ratioToBaseline: round(ratio(suiteRps, baselineRps), 3),
    tracingCostPct: round(costPct(suiteTracingOffRps, suiteRps)),
    runs: Object.fromEntries(
      Object.entries(best).map(([name, r]) => [
        name,
        {
          rps: r.okRps,
          allRps: r.rps,
          statusCodes: r.statusCodes,
          p50Ms: r.latencyMs.p50,
          p99Ms: r.latencyMs.p99,
          errors: r.errors,
          non2xx: r.non2xx,
          cpuMsPerDashboard: r.cpuMsPerDashboard,
        },
      ]),
    ),
  };
}

/**
 * Scenario 2: the suite with tracing on, with tracing off and the raw baseline, all up at once and
 * loaded one after the other (in rounds, best of), so that the ratios compare the same minutes.
 */
export async function throughput(ctx: Context): Promise<BenchReport['throughput']> {
  const { targets, groups } = await startTargets(ctx);
  let best: Best;
  try {
    best = await measure(ctx, targets);
  } finally {
    for (const [group, label] of groups.reverse()) await stop(ctx, group, label);
  }
  return summary(ctx, best);
}
