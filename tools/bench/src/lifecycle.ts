// Starting, settling and stopping the suites the scenarios load.
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessGroup, launchSuite, type RunningSuite } from '@suite/harness';
import { readDashboard } from './dashboard';
import type { LoadResult } from './load';
import type { Context } from './settings';

export function pidOf(group: ProcessGroup, name: string): number {
  const pid = group.get(name)?.child.pid;
  if (pid === undefined) throw new Error(`${name} is not running`);
  return pid;
}

export async function launch(
  ctx: Context,
  label: string,
  env: NodeJS.ProcessEnv,
): Promise<{ group: ProcessGroup; suite: RunningSuite }> {
  const group = new ProcessGroup('silent');
  ctx.groups.add(group);
  const started = performance.now();
  ctx.log(`starting the suite (${label})`);
  const suite = await launchSuite(group, {
    root: ctx.root,
    ports: 'free',
    dataDir: ':memory:',
    // The BFF's per-client rate limit would turn a load test into a 429 test, and its load shedding
    // would keep the suite from ever saturating: both off unless a scenario turns them on.
    env: { LOG_FORMAT: 'json', RATE_LIMIT_RPS: '0', MAX_IN_FLIGHT: '0', ...env },
  });
  ctx.log(
    `suite (${label}) ready in ${Math.round(performance.now() - started)} ms, BFF at ${suite.urls.bff}`,
  );
  return { group, suite };
}

export async function stop(ctx: Context, group: ProcessGroup, label: string): Promise<void> {
  ctx.log(`stopping ${label}`);
  await group.stopAll();
  ctx.groups.delete(group);
}

/**
 * Waits until dashboards come back whole (200, nothing degraded) three times in a row: an overload
 * in one run opens breakers (timeouts count as failures), which would fail the next run fast.
 */
export async function settle(ctx: Context, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let whole = 0;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const detail = readDashboard(response.status, await response.text());
      whole = detail && detail.degraded === 0 ? whole + 1 : 0;
      if (whole === 3) return;
    } catch {
      whole = 0;
    }
    await sleep(250);
  }
  ctx.log(`  (dashboards still degraded after ${timeoutMs / 1000} s: measuring anyway)`);
}

/** One run in one line of progress. */
export function line(result: LoadResult): string {
  return `${result.requests} requests, ${result.rps} req/s (2xx ${result.okRps}/s), p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}`;
}
