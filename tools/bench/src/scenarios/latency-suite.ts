// Scenarios 3, 5, 1 and 4: the burst against the BFF as shipped (load shedding on), then one suite
// with fixed downstream latencies for the rest and the burst again without load shedding.
import { runLoad } from '../load';
import { DASHBOARD } from '../dashboard';
import { launch, stop } from '../lifecycle';
import type { BenchReport } from '../report';
import type { Context } from '../settings';
import { BURST_BULKHEAD, concurrency } from './concurrency';
import { deadDependency } from './dead-dependency';
import { FANOUT_LATENCIES, fanout } from './fanout';
import { footprint } from './footprint';

/** The BFF's default MAX_IN_FLIGHT (apps/bff/src/config.ts): the burst is measured with it too. */
const SHED_LIMIT = 200;

const PREFIXES = ['USER_SERVICE', 'ORDER_SERVICE', 'LOYALTY_SERVICE', 'RECOMMENDATION_SERVICE'];

function fixedLatencyEnv(ctx: Context): NodeJS.ProcessEnv {
  const bulkheads = Object.fromEntries(
    PREFIXES.flatMap((p) => [
      [`${p}_BULKHEAD_LIMIT`, String(BURST_BULKHEAD.limit)],
      [`${p}_BULKHEAD_QUEUE`, String(BURST_BULKHEAD.queue)],
    ]),
  );
  return {
    ...ctx.tracingEnv,
    LATENCY_USERS_GET: `fixed:${FANOUT_LATENCIES.user}`,
    LATENCY_ORDERS_LIST: `fixed:${FANOUT_LATENCIES.orders}`,
    LATENCY_POINTS_GET: `fixed:${FANOUT_LATENCIES.loyalty}`,
    LATENCY_RECOMMENDATIONS_SCORE: `fixed:${FANOUT_LATENCIES.recommendations}`,
    ...bulkheads,
  };
}

/**
 * The burst with load shedding (the targets' run) goes first, on a quiet machine: measured after the
 * burst without shedding, it served a thousand dashboards more slowly and left a third of the
 * burst unanswered in 10 s, even once that burst's sockets had left TIME_WAIT.
 */
export async function latencySuiteScenarios(
  ctx: Context,
  want: Set<number>,
  report: Partial<BenchReport>,
): Promise<void> {
  const env = fixedLatencyEnv(ctx);
  const withLoadShedding = want.has(3) ? await sheddingBurst(ctx, env) : undefined;
  const { group, suite } = await launch(ctx, 'fixed latencies 20/40/60/80 ms, tracing on', env);
  try {
    if (want.has(5)) report.footprint = await footprint(ctx, group, suite);
    const url = `${suite.urls.bff}${DASHBOARD}`;
    if (want.has(1)) {
      ctx.log(`warming up the BFF for ${ctx.settings.warmupS} s`);
      await runLoad({ url, connections: 10, durationS: ctx.settings.warmupS });
      report.fanout = await fanout(ctx, url);
    }
    if (want.has(4)) report.deadDependency = await deadDependency(ctx, group, suite);
    if (withLoadShedding)
      report.concurrency = { ...(await concurrency(ctx, group, url, 0)), withLoadShedding };
  } finally {
    await stop(ctx, group, 'the suite (fixed latencies)');
  }
}

/** The burst against the BFF as shipped: load shedding on. */
async function sheddingBurst(ctx: Context, env: NodeJS.ProcessEnv) {
  const shedding = await launch(ctx, `fixed latencies, load shedding at ${SHED_LIMIT}`, {
    ...env,
    MAX_IN_FLIGHT: String(SHED_LIMIT),
  });
  try {
    return await concurrency(
      ctx,
      shedding.group,
      `${shedding.suite.urls.bff}${DASHBOARD}`,
      SHED_LIMIT,
    );
  } finally {
    await stop(ctx, shedding.group, 'the suite (load shedding on)');
  }
}
