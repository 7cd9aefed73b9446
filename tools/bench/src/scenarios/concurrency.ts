// Scenario 3: a burst of dashboards all at once, with the BFF's peak memory and sockets.
import { PeakSampler, cpuTimeMs, type ProcessGroup } from '@suite/harness';
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
  const bffPid = pidOf(group, 'bff');
  const sampler = new PeakSampler(bffPid);
  const bffCpuBefore = cpuTimeMs(bffPid);
  const selfCpuBefore = process.cpuUsage();
  const wallStarted = performance.now();
  const run = await runLoad({
    url,
    connections: n,
    amount: n,
    timeoutS: ctx.settings.burstTimeoutS,
    inspect: readDashboard,
    onTick: (done) => ctx.log(`  ${done}/${n} answered`),
  });
  const peaks = sampler.stop();
  const wallMs = performance.now() - wallStarted;
  const self = process.cpuUsage(selfCpuBefore);
  const cpuPct = {
    loadGenerator: round(((self.user + self.system) / 1000 / wallMs) * 100),
    bff: round(((cpuTimeMs(bffPid) - bffCpuBefore) / wallMs) * 100),
  };
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
    cpuPct,
    answeredWithin10s: run.samples.filter((x) => x.ms <= 10_000).length,
  };
  ctx.log(
    `  ${line(run)}; degraded ${result.degraded}; BFF peak RSS ${result.peakRssMb} MB, peak sockets ${result.peakSockets}; CPU (% of a core) load generator ${cpuPct.loadGenerator}, BFF ${cpuPct.bff}`,
  );
  return result;
}
