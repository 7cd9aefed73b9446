// The Markdown report (bench/results/latest.md): one table per scenario, then the targets.
import { round } from '@suite/traffic';
import type { BenchReport, HopGaps } from './report';
import type { PartialReport } from './targets';

export const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const num = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : String(n));

function header(meta: BenchReport['meta']): string[] {
  return [
    `# Benchmark (${meta.mode})`,
    '',
    `${meta.timestamp}; ${meta.machine.cpuCount} CPUs (${meta.machine.cpuModel}), ` +
      `${meta.machine.memoryMb} MB, load average at start ${meta.machine.loadAverage.join(' / ')}; ` +
      `Node ${meta.nodeVersion}; spans exported to ${meta.collector}; run took ${meta.durationS} s.`,
    '',
  ];
}

function fanoutSection(f: BenchReport['fanout']): string[] {
  const lines = [
    `## 1. Fan-out overhead`,
    '',
    `Downstream latency fixed: ${Object.entries(f.latenciesMs)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ')}; the slowest branch (recommendations, which calls order-service first) ` +
      `is expected at ~${f.expectedSlowestBranchMs} ms. Overhead = BFF latency seen by the client minus the ` +
      `slowest branch of the same request (meta.branches).`,
    '',
    row([
      'strategy',
      'connections',
      'req/s',
      'p50 ms',
      'p99 ms',
      'slowest branch p50',
      'overhead p50',
      'overhead p99',
      'errors',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const strategy of ['parallel', 'bounded', 'sequential'] as const) {
    for (const l of f[strategy].levels) {
      lines.push(
        row([
          strategy,
          l.connections,
          l.rps,
          l.latencyMs.p50,
          l.latencyMs.p99,
          l.slowestBranchMs.p50,
          l.overheadMs.p50,
          l.overheadMs.p99,
          l.errors,
        ]),
      );
    }
  }
  lines.push('');
  return lines;
}

function throughputSection(t: BenchReport['throughput']): string[] {
  return [
    `## 2. Throughput (latency 0, ${t.connections} connections, ${t.durationS} s each)`,
    '',
    row(['run', '2xx req/s', 'all req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...Object.entries(t.runs).map(([name, x]) =>
      row([name, x.rps, x.allRps, x.p50Ms, x.p99Ms, x.errors, x.non2xx]),
    ),
    '',
    `Suite / baseline: **${num(round(t.ratioToBaseline * 100))} %**; tracing cost: **${num(t.tracingCostPct)} %** of throughput.`,
    '',
    ...cpuSplit(t.runs),
  ];
}

function concurrencySection(c: BenchReport['concurrency']): string[] {
  const runs = [c, ...(c.withLoadShedding ? [c.withLoadShedding] : [])];
  return [
    `## 3. Concurrency (${c.connections} connections, one dashboard each)`,
    '',
    row([
      'BFF load shedding',
      'requests',
      'errors',
      'status mix',
      'timeouts',
      'degraded 200s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'BFF peak RSS MB',
      'BFF peak sockets',
      'took s',
      'answered in 10 s',
      'CPU % generator / BFF',
    ]),
    row(['---', ...Array<string>(13).fill('---:')]),
    ...runs.map((x) =>
      row([
        x.maxInFlight > 0 ? `MAX_IN_FLIGHT=${x.maxInFlight}` : 'off',
        x.requests,
        x.errors,
        Object.entries(x.statusCodes)
          .map(([status, n]) => `${status}: ${n}`)
          .join(', '),
        x.timeouts,
        x.degraded,
        x.p50Ms,
        x.p99Ms,
        x.maxMs,
        x.peakRssMb,
        x.peakSockets,
        x.durationS,
        x.answeredWithin10s ?? '',
        x.cpuPct ? `${x.cpuPct.loadGenerator} / ${x.cpuPct.bff}` : '',
      ]),
    ),
    '',
    `Bulkheads raised to ${c.bulkhead.limit} in flight + ${c.bulkhead.queue} queued per downstream for this scenario (default 64 + 64). The targets are about the run without load shedding: 20,000 downstream calls in flight at the peak; with it, the BFF answers what it cannot serve in time with a 503 at once.`,
    '',
  ];
}

function deadDependencySection(d: BenchReport['deadDependency']): string[] {
  return [
    `## 4. Dead dependency (loyalty-service stopped)`,
    '',
    row(['phase', 'p99 ms', 'samples']),
    row(['---', '---:', '---:']),
    row(['healthy', d.healthyP99Ms, d.samples.healthy]),
    row(['loyalty down, breaker closed', num(d.beforeBreakerOpenP99Ms), d.samples.beforeOpen]),
    row(['loyalty down, breaker open', num(d.breakerOpenP99Ms), d.samples.breakerOpen]),
    '',
    d.breakerPresent
      ? `The first circuit-open branch came with dashboard ${d.requestsUntilOpen + 1} after the stop; "breaker closed" counts the first wave (one dashboard per connection, sent before anything failed: their calls open the breaker) and later half-open probes.`
      : 'No dashboard reported a circuit-open branch: no breaker in this build (both phases are "loyalty down").',
    '',
  ];
}

function footprintSection(p: BenchReport['footprint']): string[] {
  return [
    `## 5. Footprint`,
    '',
    row(['service', 'start-to-ready ms', 'idle RSS MB']),
    row(['---', '---:', '---:']),
    ...Object.entries(p.services).map(([name, s]) => row([name, s.startMs, s.idleRssMb])),
    row(['**suite**', `max ${p.maxStartMs}`, `**${p.suiteRssMb}**`]),
    '',
  ];
}

function firstTracesSection(f: NonNullable<BenchReport['firstTraces']>): string[] {
  const rows = [
    [`first ${f.first.traces}`, f.first],
    [`steady ${f.steady.traces}`, f.steady],
  ] as const;
  const hopNames = [...new Set([f.first, f.steady].flatMap((g) => Object.keys(g.byHop)))].sort();
  const byHop = (name: string) =>
    `${name} ${num(f.first.byHop[name]?.startGapP50Ms)} / ${num(f.steady.byHop[name]?.startGapP50Ms)}`;
  const callers = Object.keys(f.steady.ownTimeByService).sort();
  const ownTime = (service: string) => {
    const at = (g: HopGaps) => g.ownTimeByService[service];
    return (
      `${service} ${num(at(f.first)?.beforeCallsP50Ms)} / ${num(at(f.steady)?.beforeCallsP50Ms)} before its first call, ` +
      `${num(at(f.first)?.afterCallsP50Ms)} / ${num(at(f.steady)?.afterCallsP50Ms)} after its last`
    );
  };
  return [
    `## 6. First traces after start`,
    '',
    `A fresh suite with the services' default simulated latency, tracing on; dashboards one at a time, never ` +
      `overlapping: the first ${f.first.traces} right after ready, then ${f.steady.traces} more after a ` +
      `${f.pauseMs / 1000} s pause. In each hop (a CLIENT span and its child SERVER span in another service): ` +
      `start gap = server start - client start, end gap = client end - server end, in ms. Span clocks are ` +
      `anchored to whole milliseconds per process, so below 1 ms is noise.`,
    '',
    row(['traces', 'hops', 'start gap p50', 'start gap max', 'end gap p50', 'end gap max']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    ...rows.map(([label, g]) =>
      row([label, g.hops, g.startGapMs.p50, g.startGapMs.max, g.endGapMs.p50, g.endGapMs.max]),
    ),
    '',
    `Start gap p50 per hop, first / steady: ${hopNames.map(byHop).join('; ')}. Largest start gap of each ` +
      `of the first traces: ${f.first.startGapMaxByTraceMs.join(' / ')} ms.`,
    '',
    `A caller's own time around its calls (SERVER span start to its first CLIENT span, last CLIENT span ` +
      `end to SERVER span end; simulated latency included), p50 ms, first / steady: ${callers.map(ownTime).join('; ')}.`,
    '',
  ];
}

function leafLayersSection(l: NonNullable<BenchReport['leafLayers']>): string[] {
  const jaeger = l.rows.some((x) => x.collectorCpuMsPerRequest !== undefined);
  const columns = ['row', 'req/s', 'CPU ms / request', 'layer', 'layer cost ms'];
  return [
    `## 7. A leaf request, layer by layer (user-service, GET ${l.path}, ${l.connections} connections, ${l.durationS} s each)`,
    '',
    'Each row is a fresh process loaded alone with the headers the BFF sends (deadline, sampled traceparent, ' +
      'correlation id); CPU is user + system time of that process per 2xx answer (`/proc/<pid>/stat`).',
    '',
    row([...columns, ...(jaeger ? ['Jaeger CPU ms / request'] : [])]),
    row(['---', '---:', '---:', '---', '---:', ...(jaeger ? ['---:'] : [])]),
    ...l.rows.map((x) =>
      row([
        x.label,
        x.rps,
        x.cpuMsPerRequest,
        x.layer ?? '(the floor)',
        x.layerCostMs ?? '',
        ...(jaeger ? [x.collectorCpuMsPerRequest ?? ''] : []),
      ]),
    ),
    '',
    'Layer cost = CPU per request of the row with the layer minus the row without it: b - a is Nest and ' +
      "express, c - b what the suite's app adds to a bare Nest app (validation, logging, SQLite, interceptors), " +
      'c - d the access-log line, e - c making spans, f - e exporting them, f - g the Nest spans.',
    '',
  ];
}

function targetsSection(targets: BenchReport['targets']): string[] {
  return [
    `## Targets`,
    '',
    row(['target', 'wanted', 'measured', 'met']),
    row(['---', '---', '---', '---']),
    ...targets.map((t) =>
      row([t.name, t.target, t.measured, t.met ? 'yes' : `no (by ${t.missBy})`]),
    ),
    '',
  ];
}

/** The Markdown report: one table per scenario, then the targets. */
export function toMarkdown(r: PartialReport & Pick<BenchReport, 'meta'>): string {
  const { meta } = r;
  const lines = header(meta);
  if (r.fanout) lines.push(...fanoutSection(r.fanout));
  if (r.throughput) lines.push(...throughputSection(r.throughput));
  if (r.concurrency) lines.push(...concurrencySection(r.concurrency));
  if (r.deadDependency) lines.push(...deadDependencySection(r.deadDependency));
  if (r.footprint) lines.push(...footprintSection(r.footprint));
  if (r.firstTraces) lines.push(...firstTracesSection(r.firstTraces));
  if (r.leafLayers) lines.push(...leafLayersSection(r.leafLayers));
  if (r.targets?.length) lines.push(...targetsSection(r.targets));
  if (meta.notes.length) lines.push('## Notes', '', ...meta.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

/** Where a dashboard's CPU goes, process by process (ms per 2xx dashboard, from /proc/<pid>/stat). */
function cpuSplit(runs: BenchReport['throughput']['runs']): string[] {
  const measured = Object.entries(runs).flatMap(([name, x]) =>
    x.cpuMsPerDashboard ? [[name, x.cpuMsPerDashboard] as const] : [],
  );
  if (measured.length === 0) return [];
  // Only the traced run has a collector column; total stays last.
  const columns = [...new Set(measured.flatMap(([, cpu]) => Object.keys(cpu)))];
  columns.push(...columns.splice(columns.indexOf('total'), 1));
  return [
    'CPU time per dashboard, by process (ms; both cores together give 2,000 ms per second):',
    '',
    row(['run', ...columns]),
    row(['---', ...columns.map(() => '---:')]),
    ...measured.map(([name, cpu]) => row([name, ...columns.map((c) => cpu[c] ?? '')])),
    '',
  ];
}
