// Scenario 1: what the BFF adds on top of its slowest branch, per strategy and concurrency.
import { summarize } from '@suite/traffic';
import { overheads, readDashboard } from '../dashboard';
import { line, settle } from '../lifecycle';
import { runLoad } from '../load';
import type { BenchReport, FanoutLevel, FanoutStrategy, Strategy } from '../report';
import type { Context } from '../settings';

/** Fixed downstream latencies of scenario 1 (ms), by LATENCY_<ENDPOINT> of each apps/<service>/src/config.ts. */
export const FANOUT_LATENCIES = { user: 20, orders: 40, loyalty: 60, recommendations: 80 };
/** recommendation-service waits for order-service's list, then scores: the long pole. */
export const EXPECTED_POLE_MS = FANOUT_LATENCIES.recommendations + FANOUT_LATENCIES.orders;

async function level(
  ctx: Context,
  bffDashboard: string,
  strategy: Strategy,
  connections: number,
): Promise<FanoutLevel> {
  const { settings: s } = ctx;
  ctx.log(`scenario 1, fan-out: ${strategy}, ${connections} connections, ${s.fanoutS} s`);
  await settle(ctx, bffDashboard);
  const run = await runLoad({
    url: `${bffDashboard}?strategy=${strategy}`,
    connections,
    durationS: s.fanoutS,
    inspect: readDashboard,
  });
  const answered = run.samples.filter((x) => x.status === 200 && x.detail);
  const slowest = summarize(answered.map((x) => x.detail!['slowest'] as number));
  const result: FanoutLevel = {
    connections,
    requests: run.requests,
    rps: run.rps,
    errors: run.errors + run.non2xx,
    latencyMs: { p50: run.latencyMs.p50, p99: run.latencyMs.p99 },
    slowestBranchMs: { p50: slowest.p50, p99: slowest.p99 },
    overheadMs: summarize(overheads(run.samples)),
  };
  ctx.log(
    `  ${line(run)}; slowest branch p50 ${slowest.p50} ms; overhead p50 ${result.overheadMs.p50} ms, p99 ${result.overheadMs.p99} ms`,
  );
  return result;
}

export async function fanout(ctx: Context, bffDashboard: string): Promise<BenchReport['fanout']> {
  const result = {} as Record<Strategy, FanoutStrategy>;
  for (const strategy of ['parallel', 'bounded', 'sequential'] as const) {
    const levels: FanoutLevel[] = [];
    for (const connections of ctx.settings.fanoutLevels) {
      levels.push(await level(ctx, bffDashboard, strategy, connections));
    }
    const top = levels[levels.length - 1]!;
    result[strategy] = { overheadMs: { p50: top.overheadMs.p50, p99: top.overheadMs.p99 }, levels };
  }
  return { latenciesMs: FANOUT_LATENCIES, expectedSlowestBranchMs: EXPECTED_POLE_MS, ...result };
}
