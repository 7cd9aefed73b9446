// Scenario 4: dashboards while loyalty-service is down, before and after its breaker opens.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessGroup, RunningSuite } from '@suite/harness';
import { summarize } from '@suite/traffic';
import { DASHBOARD, readDashboard } from '../dashboard';
import { line, settle } from '../lifecycle';
import { runLoad, type LoadResult, type Sample } from '../load';
import type { BenchReport } from '../report';
import type { Context } from '../settings';

const CONNECTIONS = 10;

/**
 * The first wave (one dashboard per connection) was sent before anything had failed: its calls
 * and retries are what open the breaker (their last attempt may already read circuit-open).
 * After it, `circuit-open` dashboards are short-circuited; `error` ones are half-open probes.
 */
export function breakerPhases(
  healthy: Sample[],
  down: Sample[],
  wave = CONNECTIONS,
): BenchReport['deadDependency'] {
  const loyalty = (x: Sample) => x.detail?.['loyalty'];
  const rest = down.slice(wave);
  const attempted = [
    ...down.slice(0, wave),
    ...rest.filter((x) => loyalty(x) !== 'circuit-open'),
  ].map((x) => x.ms);
  const open = rest.filter((x) => loyalty(x) === 'circuit-open').map((x) => x.ms);
  const firstOpen = down.findIndex((x) => loyalty(x) === 'circuit-open');
  return {
    healthyP99Ms: summarize(healthy.map((x) => x.ms)).p99,
    beforeBreakerOpenP99Ms: summarize(attempted).p99,
    breakerOpenP99Ms: firstOpen < 0 ? summarize(attempted).p99 : summarize(open).p99,
    samples: { healthy: healthy.length, beforeOpen: attempted.length, breakerOpen: open.length },
    requestsUntilOpen: firstOpen < 0 ? down.length : firstOpen,
    breakerPresent: firstOpen >= 0,
  };
}

async function measure(ctx: Context, url: string, durationS: number): Promise<LoadResult> {
  const run = await runLoad({ url, connections: CONNECTIONS, durationS, inspect: readDashboard });
  ctx.log(`  ${line(run)}`);
  return run;
}

/** Waits (up to 20 s) until loyalty answers again and its breaker has closed. */
async function waitForLoyalty(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await fetch(url);
    const detail = readDashboard(response.status, await response.text());
    if (detail?.loyalty === 'ok') return;
    await sleep(250);
  }
}

export async function deadDependency(
  ctx: Context,
  group: ProcessGroup,
  suite: RunningSuite,
): Promise<BenchReport['deadDependency']> {
  const { settings: s } = ctx;
  const url = `${suite.urls.bff}${DASHBOARD}`;
  ctx.log(
    `scenario 4, dead dependency: healthy dashboards, ${CONNECTIONS} connections, ${s.deadHealthyS} s`,
  );
  await settle(ctx, url);
  const healthy = await measure(ctx, url, s.deadHealthyS);
  await settle(ctx, url);
  ctx.log('  stopping loyalty-service');
  await group.stopOne('loyalty-service');
  ctx.log(`  dashboards with loyalty-service down, ${CONNECTIONS} connections, ${s.deadDownS} s`);
  const down = await measure(ctx, url, s.deadDownS);
  const result = breakerPhases(healthy.samples, down.samples);
  ctx.log(
    `  p99 healthy ${result.healthyP99Ms} ms; loyalty down, breaker closed ${result.beforeBreakerOpenP99Ms} ms (${result.samples.beforeOpen}); breaker open ${result.breakerOpenP99Ms} ms (${result.samples.breakerOpen})`,
  );
  ctx.log('  starting loyalty-service again and waiting for its breaker to close');
  await suite.start('loyalty-service');
  await waitForLoyalty(url);
  return result;
}
