// Scenario 3: a burst of dashboards all at once, with the BFF's peak memory and sockets.
import { PeakSampler, type ProcessGroup } from '@suite/harness';
import { round, summarize } from '@suite/traffic';
import { readDashboard } from '../dashboard';
import { line, pidOf, settle } from '../lifecycle';
import { runLoad } from '../load';
import type { ConcurrencyRun } from '../report';
import type { Context } from '../settings';

/**
 * File descriptors decide how many calls can be in flight: the BFF holds one socket per open
 * dashboard plus one per downstream call, under a limit of (usually) 20,000 open files per process.
 */
export const BURST_BULKHEAD = { limit: 3000, queue: 5000 };

export async function concurrency(
  ctx: Context,
  group: ProcessGroup,
  url: string,
  maxInFlight: number,
): Promise<ConcurrencyRun> {
  const n = ctx.settings.burst;
  ctx.log(
    `scenario 3, concurrency: ${n} connections, one dashboard each, all at once; BFF load shedding ${maxInFlight > 0 ? `at ${maxInFlight} in flight` : 'off'}`,
  );
  await settle(ctx, url);
  const sampler = new PeakSampler(pidOf(group, 'bff'));
  const run = await runLoad({
    url,
    connections: n,
    amount: n,
    timeoutS: ctx.settings.burstTimeoutS,
    inspect: readDashboard,
    onTick: (done) => ctx.log(`  ${done}/${n} answered`),
  });
  const peaks = sampler.stop();
  const latencies = summarize(run.samples.map((x) => x.ms));
  const result: ConcurrencyRun = {
    maxInFlight,
    connections: n,
    requests: run.requests,
    errors: run.errors + run.non2xx,
    non2xx: run.non2xx,
    timeouts: run.timeouts,
    degraded: run.samples.filter((x) => Number(x.detail?.['degraded'] ?? 0) > 0).length,
    statusCodes: run.statusCodes,
    p50Ms: latencies.p50,
    p99Ms: latencies.p99,
    maxMs: latencies.max,
    durationS: run.durationS,
    peakRssMb: round(peaks.peakRssMb),
    peakSockets: peaks.peakSockets,
    bulkhead: BURST_BULKHEAD,
  };
  ctx.log(
    `  ${line(run)}; degraded ${result.degraded}; BFF peak RSS ${result.peakRssMb} MB, peak sockets ${result.peakSockets}`,
  );
  return result;
}
