import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ProcessGroup,
  SERVICE_NAMES,
  freePort,
  launchSuite,
  waitForHttp,
  type RunningSuite,
  type ServiceName,
} from '@suite/harness';
import type { Bodies, Role } from './baseline/server';
import { runLoad, type LoadResult, type Sample } from './load';
import { PeakSampler, cpuTimeMs, statusMb } from './proc';
import type { BenchReport, ConcurrencyRun, FanoutLevel, FanoutStrategy, Strategy } from './report';
import { costPct, ratio, round, summarize } from '@suite/traffic';

export interface Settings {
  fanoutLevels: number[];
  fanoutS: number;
  throughputConnections: number;
  throughputS: number;
  throughputRounds: number;
  warmupS: number;
  burst: number;
  /** Seconds one burst request may take before autocannon counts it as a timeout (an error). */
  burstTimeoutS: number;
  deadHealthyS: number;
  deadDownS: number;
}

export const QUICK: Settings = {
  fanoutLevels: [1, 10, 50],
  fanoutS: 2,
  throughputConnections: 16,
  throughputS: 5,
  throughputRounds: 1,
  warmupS: 1,
  burst: 5000,
  burstTimeoutS: 15,
  deadHealthyS: 3,
  deadDownS: 4,
};

export const FULL: Settings = {
  fanoutLevels: [1, 10, 50],
  fanoutS: 10,
  throughputConnections: 16,
  throughputS: 15,
  throughputRounds: 2,
  warmupS: 3,
  burst: 5000,
  burstTimeoutS: 30,
  deadHealthyS: 10,
  deadDownS: 12,
};

export interface Context {
  root: string;
  settings: Settings;
  /** Environment that sends spans to the collector (endpoint and protocol). */
  tracingEnv: NodeJS.ProcessEnv;
  /** Every group started, so that a failure or Ctrl-C stops them all. */
  groups: Set<ProcessGroup>;
  log: (line: string) => void;
  /** Where the baseline keeps the bodies it serves. */
  workDir: string;
  /** Jaeger's process, when it is the collector: its CPU is part of what tracing costs. */
  collectorPid?: number;
}

/** Fixed downstream latencies of scenario 1 (ms), by LATENCY_<ENDPOINT> of each apps/<service>/src/config.ts. */
export const FANOUT_LATENCIES = { user: 20, orders: 40, loyalty: 60, recommendations: 80 };
/** recommendation-service waits for order-service's list, then scores: the long pole. */
export const EXPECTED_POLE_MS = FANOUT_LATENCIES.recommendations + FANOUT_LATENCIES.orders;

/**
 * File descriptors decide how many calls can be in flight: the BFF holds one socket per open
 * dashboard plus one per downstream call, under a limit of (usually) 20,000 open files per process.
 */
export const BURST_BULKHEAD = { limit: 3000, queue: 5000 };

/** The BFF's default MAX_IN_FLIGHT (apps/bff/src/config.ts): the burst is measured with it too. */
const SHED_LIMIT = 200;

const PREFIXES = ['USER_SERVICE', 'ORDER_SERVICE', 'LOYALTY_SERVICE', 'RECOMMENDATION_SERVICE'];

const DASHBOARD = '/api/users/42/dashboard';

/** The raw baseline's process standing in for each service (dependencies first, like the suite). */
const BASELINE_ROLE: Record<ServiceName, Role> = {
  'user-service': 'user',
  'order-service': 'orders',
  'loyalty-service': 'loyalty',
  'recommendation-service': 'recommendations',
  bff: 'bff',
};

function pidOf(group: ProcessGroup, name: string): number {
  const pid = group.get(name)?.child.pid;
  if (pid === undefined) throw new Error(`${name} is not running`);
  return pid;
}

/** The load generator's share: autocannon runs inside the bench process. */
const LOAD_GENERATOR = 'load generator';

/**
 * CPU time each process spent per 2xx dashboard during `load`: where a dashboard's cost goes, process
 * by process, and the same for the raw baseline, measured on the very run that gave the throughput.
 */
async function withCpuSplit(
  pids: Record<string, number>,
  load: () => Promise<LoadResult>,
): Promise<{ run: LoadResult; cpuMsPerDashboard: Record<string, number> }> {
  const before = Object.entries(pids).map(([name, pid]) => ({ name, pid, ms: cpuTimeMs(pid) }));
  const self = process.cpuUsage();
  const run = await load();
  const selfUsed = process.cpuUsage(self);
  const dashboards = Math.max(1, run.statusCodes['200'] ?? 0);
  const used: Record<string, number> = Object.fromEntries(
    before.map(({ name, pid, ms }) => [name, cpuTimeMs(pid) - ms]),
  );
  used[LOAD_GENERATOR] = (selfUsed.user + selfUsed.system) / 1000;
  const cpuMsPerDashboard = Object.fromEntries(
    Object.entries(used).map(([n, ms]) => [n, round(ms / dashboards, 2)]),
  );
  cpuMsPerDashboard['total'] = round(
    Object.values(used).reduce((a, b) => a + b, 0) / dashboards,
    2,
  );
  return { run, cpuMsPerDashboard };
}

async function launch(
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

async function stop(ctx: Context, group: ProcessGroup, label: string): Promise<void> {
  ctx.log(`stopping ${label}`);
  await group.stopAll();
  ctx.groups.delete(group);
}

interface DashboardDetail extends Record<string, number | string | undefined> {
  slowest: number;
  sum: number;
  degraded: number;
  loyalty?: string;
}

/** What the bench reads from each dashboard body: the slowest and summed branch times, degradation. */
export function readDashboard(status: number, body: string): DashboardDetail | undefined {
  if (status !== 200) return undefined;
  try {
    const meta = (
      JSON.parse(body) as {
        meta?: { branches?: Record<string, { status: string; ms: number }>; degraded?: string[] };
      }
    ).meta;
    const branches = Object.values(meta?.branches ?? {});
    return {
      slowest: Math.max(0, ...branches.map((b) => b.ms)),
      sum: branches.reduce((s, b) => s + b.ms, 0),
      degraded: meta?.degraded?.length ?? 0,
      loyalty: meta?.branches?.['loyalty']?.status,
    };
  } catch {
    return undefined;
  }
}

/** Overhead of each answered dashboard: its latency minus its own slowest branch. */
export function overheads(samples: Sample[]): number[] {
  return samples.flatMap((s) =>
    s.status === 200 && typeof s.detail?.['slowest'] === 'number'
      ? [s.ms - s.detail['slowest']]
      : [],
  );
}

/**
 * Waits until dashboards come back whole (200, nothing degraded) three times in a row: an overload
 * in one run opens breakers (timeouts count as failures), which would fail the next run fast.
 */
async function settle(ctx: Context, url: string, timeoutMs = 20_000): Promise<void> {
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
    await new Promise((r) => setTimeout(r, 250));
  }
  ctx.log(`  (dashboards still degraded after ${timeoutMs / 1000} s: measuring anyway)`);
}

function line(result: LoadResult): string {
  return `${result.requests} requests, ${result.rps} req/s (2xx ${result.okRps}/s), p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}`;
}

/** Scenarios 5, 1, 4 and 3 share one suite with fixed latencies (loyalty comes back after 4). */
export async function latencySuiteScenarios(
  ctx: Context,
  want: Set<number>,
  report: Partial<BenchReport>,
): Promise<void> {
  const { settings: s } = ctx;
  const bulkheads = Object.fromEntries(
    PREFIXES.flatMap((p) => [
      [`${p}_BULKHEAD_LIMIT`, String(BURST_BULKHEAD.limit)],
      [`${p}_BULKHEAD_QUEUE`, String(BURST_BULKHEAD.queue)],
    ]),
  );
  const env = {
    ...ctx.tracingEnv,
    LATENCY_USERS_GET: `fixed:${FANOUT_LATENCIES.user}`,
    LATENCY_ORDERS_LIST: `fixed:${FANOUT_LATENCIES.orders}`,
    LATENCY_POINTS_GET: `fixed:${FANOUT_LATENCIES.loyalty}`,
    LATENCY_RECOMMENDATIONS_SCORE: `fixed:${FANOUT_LATENCIES.recommendations}`,
    ...bulkheads,
  };
  const { group, suite } = await launch(ctx, 'fixed latencies 20/40/60/80 ms, tracing on', env);
  try {
    if (want.has(5)) report.footprint = await footprint(ctx, group, suite);
    const url = `${suite.urls.bff}${DASHBOARD}`;
    if (want.has(1)) {
      ctx.log(`warming up the BFF for ${s.warmupS} s`);
      await runLoad({ url, connections: 10, durationS: s.warmupS });
      report.fanout = await fanout(ctx, url);
    }
    if (want.has(4)) report.deadDependency = await deadDependency(ctx, group, suite);
    if (want.has(3)) report.concurrency = await concurrency(ctx, group, url, 0);
  } finally {
    await stop(ctx, group, 'the suite (fixed latencies)');
  }
  if (!report.concurrency) return;
  // The same burst against the BFF as shipped: load shedding on.
  const shedding = await launch(ctx, `fixed latencies, load shedding at ${SHED_LIMIT}`, {
    ...env,
    MAX_IN_FLIGHT: String(SHED_LIMIT),
  });
  try {
    report.concurrency.withLoadShedding = await concurrency(
      ctx,
      shedding.group,
      `${shedding.suite.urls.bff}${DASHBOARD}`,
      SHED_LIMIT,
    );
  } finally {
    await stop(ctx, shedding.group, 'the suite (load shedding on)');
  }
}

async function footprint(
  ctx: Context,
  group: ProcessGroup,
  suite: RunningSuite,
): Promise<BenchReport['footprint']> {
  ctx.log('scenario 5, footprint: restarting each service alone to time start-to-ready');
  const services: BenchReport['footprint']['services'] = {};
  // Backends first, the BFF last: each starts while the others are up and idle.
  for (const name of SERVICE_NAMES) {
    await group.stopOne(name);
    const started = performance.now();
    await suite.start(name);
    const startMs = Math.round(performance.now() - started);
    services[name] = { startMs, idleRssMb: 0 };
    ctx.log(`  ${name}: ready ${startMs} ms after spawn`);
  }
  // Idle: after start-up garbage is collectable and the first probe timers have run.
  await new Promise((r) => setTimeout(r, 2000));
  for (const name of SERVICE_NAMES)
    services[name]!.idleRssMb = round(statusMb(pidOf(group, name), 'VmRSS'));
  const values = Object.values(services);
  const result = {
    services,
    suiteRssMb: round(values.reduce((sum, v) => sum + v.idleRssMb, 0)),
    maxStartMs: Math.max(...values.map((v) => v.startMs)),
  };
  ctx.log(
    `  idle RSS: ${SERVICE_NAMES.map((n) => `${n} ${services[n]!.idleRssMb} MB`).join(', ')}; suite ${result.suiteRssMb} MB`,
  );
  return result;
}

async function fanout(ctx: Context, bffDashboard: string): Promise<BenchReport['fanout']> {
  const { settings: s } = ctx;
  const result = {} as Record<Strategy, FanoutStrategy>;
  for (const strategy of ['parallel', 'bounded', 'sequential'] as const) {
    const levels: FanoutLevel[] = [];
    for (const connections of s.fanoutLevels) {
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
      const level: FanoutLevel = {
        connections,
        requests: run.requests,
        rps: run.rps,
        errors: run.errors + run.non2xx,
        latencyMs: { p50: run.latencyMs.p50, p99: run.latencyMs.p99 },
        slowestBranchMs: { p50: slowest.p50, p99: slowest.p99 },
        overheadMs: summarize(overheads(run.samples)),
      };
      ctx.log(
        `  ${line(run)}; slowest branch p50 ${slowest.p50} ms; overhead p50 ${level.overheadMs.p50} ms, p99 ${level.overheadMs.p99} ms`,
      );
      levels.push(level);
    }
    const top = levels[levels.length - 1]!;
    result[strategy] = { overheadMs: { p50: top.overheadMs.p50, p99: top.overheadMs.p99 }, levels };
  }
  return { latenciesMs: FANOUT_LATENCIES, expectedSlowestBranchMs: EXPECTED_POLE_MS, ...result };
}

async function deadDependency(
  ctx: Context,
  group: ProcessGroup,
  suite: RunningSuite,
): Promise<BenchReport['deadDependency']> {
  const { settings: s } = ctx;
  const url = `${suite.urls.bff}${DASHBOARD}`;
  ctx.log(`scenario 4, dead dependency: healthy dashboards, 10 connections, ${s.deadHealthyS} s`);
  await settle(ctx, url);
  const healthy = await runLoad({
    url,
    connections: 10,
    durationS: s.deadHealthyS,
    inspect: readDashboard,
  });
  ctx.log(`  ${line(healthy)}`);
  await settle(ctx, url);
  ctx.log('  stopping loyalty-service');
  await group.stopOne('loyalty-service');
  ctx.log(`  dashboards with loyalty-service down, 10 connections, ${s.deadDownS} s`);
  const down = await runLoad({
    url,
    connections: 10,
    durationS: s.deadDownS,
    inspect: readDashboard,
  });
  ctx.log(`  ${line(down)}`);
  // The first wave (one dashboard per connection) was sent before anything had failed: its calls
  // and retries are what open the breaker (their last attempt may already read circuit-open).
  // After it, `circuit-open` dashboards are short-circuited; `error` ones are half-open probes.
  const loyalty = (x: Sample) => x.detail?.['loyalty'];
  const wave = down.samples.slice(0, 10);
  const rest = down.samples.slice(10);
  const attempted = [...wave, ...rest.filter((x) => loyalty(x) !== 'circuit-open')].map(
    (x) => x.ms,
  );
  const open = rest.filter((x) => loyalty(x) === 'circuit-open').map((x) => x.ms);
  const firstOpen = down.samples.findIndex((x) => loyalty(x) === 'circuit-open');
  const result: BenchReport['deadDependency'] = {
    healthyP99Ms: summarize(healthy.samples.map((x) => x.ms)).p99,
    beforeBreakerOpenP99Ms: summarize(attempted).p99,
    breakerOpenP99Ms: firstOpen < 0 ? summarize(attempted).p99 : summarize(open).p99,
    samples: {
      healthy: healthy.samples.length,
      beforeOpen: attempted.length,
      breakerOpen: open.length,
    },
    requestsUntilOpen: firstOpen < 0 ? down.samples.length : firstOpen,
    breakerPresent: firstOpen >= 0,
  };
  ctx.log(
    `  p99 healthy ${result.healthyP99Ms} ms; loyalty down, breaker closed ${result.beforeBreakerOpenP99Ms} ms (${attempted.length}); breaker open ${result.breakerOpenP99Ms} ms (${open.length})`,
  );
  ctx.log('  starting loyalty-service again and waiting for its breaker to close');
  await suite.start('loyalty-service');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await fetch(url);
    const detail = readDashboard(response.status, await response.text());
    if (detail?.loyalty === 'ok') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return result;
}

async function concurrency(
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

// ---- scenario 2 ------------------------------------------------------------------------------

async function captureBodies(suite: RunningSuite): Promise<Bodies> {
  const get = async (service: ServiceName, path: string) => {
    const response = await fetch(`${suite.urls[service]}${path}`);
    if (!response.ok)
      throw new Error(
        `${service} ${path} answered ${response.status}: cannot copy its body for the baseline`,
      );
    return response.json() as Promise<unknown>;
  };
  return {
    user: await get('user-service', '/users/42'),
    orders: await get('order-service', '/users/42/orders?limit=5'),
    ordersHistory: await get('order-service', '/users/42/orders?limit=20'),
    loyalty: await get('loyalty-service', '/users/42/points'),
    recommendations: await get('recommendation-service', '/users/42/recommendations?limit=5'),
  };
}

async function launchBaseline(
  ctx: Context,
  bodiesFile: string,
): Promise<{ group: ProcessGroup; url: string }> {
  const group = new ProcessGroup('silent');
  ctx.groups.add(group);
  ctx.log('starting the raw baseline (five node:http processes)');
  const ports = Object.fromEntries(
    await Promise.all(
      Object.values(BASELINE_ROLE).map(async (r) => [r, await freePort()] as const),
    ),
  ) as Record<Role, number>;
  const at = (r: Role) => `http://127.0.0.1:${ports[r]}`;
  for (const role of Object.values(BASELINE_ROLE)) {
    const managed = group.spawn(
      `baseline-${role}`,
      process.execPath,
      [join(__dirname, 'baseline', 'server.js'), role],
      {
        cwd: ctx.root,
        env: {
          ...process.env,
          PORT: String(ports[role]),
          BODIES: bodiesFile,
          USER_URL: at('user'),
          ORDERS_URL: at('orders'),
          LOYALTY_URL: at('loyalty'),
          RECOMMENDATIONS_URL: at('recommendations'),
        },
      },
    );
    await waitForHttp(`${at(role)}/health/ready`, {
      timeoutMs: 10_000,
      stillAlive: () => !managed.exited,
    }).catch((error: unknown) => {
      throw new Error(
        `baseline ${role} did not start: ${(error as Error).message}\n${managed.tail.join('\n')}`,
      );
    });
  }
  const probe = await fetch(`${at('bff')}${DASHBOARD}`);
  if (!probe.ok)
    throw new Error(`the baseline BFF answered ${probe.status}: ${await probe.text()}`);
  return { group, url: `${at('bff')}${DASHBOARD}` };
}

/**
 * Scenario 2: the suite with tracing on, with tracing off and the raw baseline, all up at once and
 * loaded one after the other (in rounds, best of), so that the ratios compare the same minutes.
 */
export async function throughput(ctx: Context): Promise<BenchReport['throughput']> {
  const { settings: s } = ctx;
  // Started together: both are idle until their turn, and it halves the wait.
  const [on, off] = await Promise.all([
    launch(ctx, 'latency 0, tracing on', { ...ctx.tracingEnv, LATENCY: 'off' }),
    launch(ctx, 'latency 0, tracing off', {
      ...ctx.tracingEnv,
      LATENCY: 'off',
      OTEL_TRACES_EXPORTER: 'none',
    }),
  ]);
  const bodiesFile = join(ctx.workDir, 'baseline-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(await captureBodies(on.suite)));
  const baseline = await launchBaseline(ctx, bodiesFile);
  const pidsOf = (group: ProcessGroup, processName: (service: ServiceName) => string) =>
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, pidOf(group, processName(name))]));
  const targets = {
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
  const best: Record<string, LoadResult & { cpuMsPerDashboard: Record<string, number> }> = {};
  try {
    for (let round = 1; round <= s.throughputRounds; round++) {
      for (const [name, { url, pids }] of Object.entries(targets)) {
        ctx.log(
          `scenario 2, throughput (round ${round}/${s.throughputRounds}): ${name}, warm-up ${s.warmupS} s`,
        );
        await runLoad({ url, connections: s.throughputConnections, durationS: s.warmupS });
        ctx.log(`  ${s.throughputConnections} connections, ${s.throughputS} s`);
        const { run, cpuMsPerDashboard } = await withCpuSplit(pids, () =>
          runLoad({ url, connections: s.throughputConnections, durationS: s.throughputS }),
        );
        ctx.log(`  ${line(run)}; CPU per dashboard ${cpuMsPerDashboard['total']} ms`);
        if (!best[name] || run.okRps > best[name].okRps) best[name] = { ...run, cpuMsPerDashboard };
      }
    }
  } finally {
    await stop(ctx, baseline.group, 'the baseline');
    await stop(ctx, off.group, 'the suite (tracing off)');
    await stop(ctx, on.group, 'the suite (tracing on)');
  }
  const suiteRps = best['suite, tracing on']!.okRps;
  const suiteTracingOffRps = best['suite, tracing off']!.okRps;
  const baselineRps = best['raw baseline']!.okRps;
  return {
    connections: s.throughputConnections,
    durationS: s.throughputS,
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

/** What the bench runs: the built apps (npm run build). */
export function builtApps(root: string): string[] {
  return SERVICE_NAMES.map((n) => join(root, 'apps', n, 'dist', 'main.js'));
}
