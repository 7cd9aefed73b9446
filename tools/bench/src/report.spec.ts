import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toMarkdown } from './markdown';
import type { BenchReport } from './report';
import { REQUIRED_KEYS, checkTargets, missingKeys } from './targets';
import { overheads, readDashboard } from './dashboard';
import { hopGaps, hops } from './scenarios/first-traces';
import type { TraceSpan } from '@suite/trace-model';
import { summarize } from '@suite/traffic';

const level = (connections: number, p50: number, p99: number) => ({
  connections,
  requests: 100,
  rps: 50,
  errors: 0,
  latencyMs: { p50: 130, p99: 140 },
  slowestBranchMs: { p50: 125, p99: 130 },
  overheadMs: { ...summarize([p50]), p50, p99 },
});
const gaps = (traces: number, p50: number, max: number) => ({
  traces,
  hops: traces * 5,
  startGapMs: { p50, max },
  endGapMs: { p50: 0.3, max: 1.2 },
  startGapMaxByTraceMs: Array<number>(traces).fill(max),
  ownTimeByService: { bff: { beforeCallsP50Ms: 1.4, afterCallsP50Ms: 0.9 } },
  byHop: { 'bff -> user-service': { hops: traces, startGapP50Ms: p50, endGapP50Ms: 0.3 } },
});
const strategy = (p50: number, p99: number) => ({
  overheadMs: { p50, p99 },
  levels: [level(1, p50, p99), level(10, p50, p99 + 10), level(50, p50, p99)],
});

function sampleReport(): BenchReport {
  return {
    meta: {
      timestamp: '2026-01-01T00:00:00.000Z',
      mode: 'quick',
      durationS: 90,
      collector: 'Jaeger',
      machine: { cpuCount: 2, cpuModel: 'test cpu', memoryMb: 4096, loadAverage: [0.5, 0.4, 0.3] },
      nodeVersion: 'v24.0.0',
      notes: ['a note'],
    },
    fanout: {
      latenciesMs: { user: 20, orders: 40, loyalty: 60, recommendations: 80 },
      expectedSlowestBranchMs: 120,
      parallel: strategy(1.5, 6),
      bounded: strategy(30, 40),
      sequential: strategy(125, 140),
    },
    throughput: {
      connections: 50,
      durationS: 5,
      suiteRps: 600,
      suiteTracingOffRps: 700,
      baselineRps: 1000,
      ratioToBaseline: 0.6,
      tracingCostPct: 14.3,
      runs: {
        'suite, tracing on': {
          rps: 600,
          allRps: 600,
          statusCodes: { '200': 3000 },
          p50Ms: 40,
          p99Ms: 80,
          errors: 0,
          non2xx: 0,
          cpuMsPerDashboard: { bff: 1.5, 'user-service': 0.4, 'order-service': 0.8, total: 2.7 },
        },
        'raw baseline': {
          rps: 1000,
          allRps: 1000,
          statusCodes: { '200': 5000 },
          p50Ms: 40,
          p99Ms: 80,
          errors: 0,
          non2xx: 0,
          cpuMsPerDashboard: { bff: 0.9, 'user-service': 0.3, 'load generator': 0.4, total: 1.6 },
        },
      },
    },
    concurrency: {
      maxInFlight: 0,
      connections: 5000,
      requests: 5000,
      errors: 0,
      non2xx: 0,
      timeouts: 0,
      degraded: 3,
      statusCodes: { '200': 5000 },
      p50Ms: 900,
      p99Ms: 1400,
      maxMs: 1500,
      durationS: 3,
      peakRssMb: 310,
      peakSockets: 9000,
      bulkhead: { limit: 3000, queue: 5000 },
      withLoadShedding: {
        maxInFlight: 200,
        connections: 5000,
        requests: 5000,
        errors: 4800,
        non2xx: 4800,
        timeouts: 0,
        degraded: 0,
        statusCodes: { '200': 200, '503': 4800 },
        p50Ms: 40,
        p99Ms: 1300,
        maxMs: 1400,
        durationS: 2,
        peakRssMb: 310,
        peakSockets: 5400,
        bulkhead: { limit: 3000, queue: 5000 },
        cpuPct: { loadGenerator: 60, bff: 90 },
        answeredWithin10s: 4999,
      },
    },
    deadDependency: {
      healthyP99Ms: 140,
      beforeBreakerOpenP99Ms: 200,
      breakerOpenP99Ms: 143,
      samples: { healthy: 100, beforeOpen: 4, breakerOpen: 90 },
      requestsUntilOpen: 4,
      breakerPresent: true,
    },
    footprint: {
      services: { bff: { startMs: 900, idleRssMb: 110 } },
      suiteRssMb: 550,
      maxStartMs: 900,
    },
    firstTraces: { pauseMs: 2000, first: gaps(5, 3.5, 12), steady: gaps(20, 0.4, 1.1) },
    targets: [],
  };
}

describe('bench report', () => {
  it('has every key the issue promises, as numbers', () => {
    assert.deepEqual(missingKeys(sampleReport()), []);
    const partial = sampleReport() as Partial<BenchReport>;
    delete partial.throughput;
    assert.deepEqual(missingKeys(partial), [
      'throughput.suiteRps',
      'throughput.baselineRps',
      'throughput.ratioToBaseline',
      'throughput.tracingCostPct',
    ]);
    assert.ok(REQUIRED_KEYS.includes('fanout.parallel.overheadMs.p99'));
  });

  it('checks each target and says by how much a missed one is off', () => {
    const checks = checkTargets(sampleReport());
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    assert.equal(byName['parallel overhead p50 (c=1)']?.met, true);
    assert.equal(byName['parallel overhead p99 (c=10)']?.met, false);
    assert.equal(byName['parallel overhead p99 (c=10)']?.missBy, '1 ms');
    assert.equal(byName['suite throughput / raw baseline (tracing on)']?.measured, '60 %');
    assert.equal(byName['tracing cost (throughput)']?.met, false);
    assert.equal(byName['CPU per dashboard, the five services (tracing on)']?.measured, '2.7 ms');
    assert.equal(byName['CPU per leaf request (user-service)']?.met, true);
    assert.equal(
      byName['no answer, errors or timeouts at 5000 concurrent (load shedding on)']?.met,
      true,
    );
    assert.equal(byName['answered (200 or 503) within 10 s of 5000']?.missBy, '1 requests');
    assert.equal(byName['BFF peak RSS in that burst']?.missBy, '10 MB');
    assert.equal(byName['breaker-open p99 minus healthy p99']?.met, true);
    assert.equal(checks.length, 14);
  });

  it('renders one Markdown table per scenario, with the machine it ran on', () => {
    const report = sampleReport();
    report.targets = checkTargets(report);
    const markdown = toMarkdown(report);
    for (const heading of [
      '## 1. Fan-out',
      '## 2. Throughput',
      '## 3. Concurrency',
      '## 4. Dead',
      '## 5. Footprint',
      '## 6. First traces after start',
      '## Targets',
    ])
      assert.ok(markdown.includes(heading), heading);
    assert.match(markdown, /2 CPUs \(test cpu\)/);
    assert.match(markdown, /\| parallel \| 50 \| 50 \| 130 \| 140 \| 125 \| 1.5 \| 6 \| 0 \|/);
    assert.match(markdown, /Suite \/ baseline: \*\*60 %\*\*/);
    assert.match(markdown, /no \(by 1 ms\)/);
    assert.match(
      markdown,
      /\| run \| bff \| user-service \| order-service \| load generator \| total \|/,
    );
    assert.match(markdown, /\| raw baseline \| 0.9 \| 0.3 \| {2}\| 0.4 \| 1.6 \|/);
    assert.match(markdown, /\| off \| 5000 \| 0 \| 200: 5000 \|/);
    assert.match(markdown, /\| first 5 \| 25 \| 3.5 \| 12 \| 0.3 \| 1.2 \|/);
    assert.match(markdown, /\| steady 20 \| 100 \| 0.4 \| 1.1 \| 0.3 \| 1.2 \|/);
    assert.match(markdown, /\| MAX_IN_FLIGHT=200 \| 5000 \| 4800 \| 200: 200, 503: 4800 \|/);
  });

  it('checks the first-traces start gaps and reports their keys when scenario 6 is missing', () => {
    const report = sampleReport();
    const byName = Object.fromEntries(checkTargets(report).map((c) => [c.name, c]));
    const gap = 'client-to-server start gap, median';
    assert.deepEqual(byName[`${gap} (steady)`], {
      name: `${gap} (steady)`,
      target: '< 2 ms',
      measured: '0.4 ms',
      met: true,
    });
    assert.equal(byName[`${gap} (first 5 traces)`]?.met, false);
    assert.equal(byName[`${gap} (first 5 traces)`]?.missBy, '1.5 ms');
    delete report.firstTraces;
    assert.deepEqual(missingKeys(report), [
      'firstTraces.first.startGapMs.p50',
      'firstTraces.steady.startGapMs.p50',
    ]);
    assert.ok(checkTargets(report).every((c) => !c.name.startsWith(gap)));
    assert.doesNotMatch(toMarkdown(report), /First traces/);
  });

  it('pairs each client span with its server span in another service', () => {
    const span = (
      spanId: string,
      service: string,
      kind: TraceSpan['kind'],
      startUs: number,
      durationUs: number,
      parentSpanId?: string,
    ): TraceSpan => ({
      traceId: 't',
      spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      service,
      name: spanId,
      kind,
      startUs,
      durationUs,
      attributes: {},
      events: [],
      links: [],
      error: false,
    });
    const trace = [
      span('root', 'bff', 'server', 0, 100_000),
      span('c1', 'bff', 'client', 1_000, 50_000, 'root'),
      span('s1', 'user-service', 'server', 2_500, 47_000, 'c1'),
      span('c2', 'bff', 'client', 1_000, 90_000, 'root'),
      span('s2', 'recommendation-service', 'server', 1_800, 88_000, 'c2'),
      span('c3', 'recommendation-service', 'client', 3_000, 20_000, 's2'),
      span('s3', 'order-service', 'server', 3_400, 19_000, 'c3'),
      // Within one service: not a hop, and a SQL statement's CLIENT span is not a call out.
      span('n1', 'user-service', 'internal', 2_600, 1_000, 's1'),
      span('q1', 'user-service', 'client', 2_700, 500, 'n1'),
    ];
    assert.deepEqual(hops(trace), [
      { name: 'bff -> user-service', startGapMs: 1.5, endGapMs: 1.5 },
      { name: 'bff -> recommendation-service', startGapMs: 0.8, endGapMs: 1.2 },
      { name: 'recommendation-service -> order-service', startGapMs: 0.4, endGapMs: 0.6 },
    ]);
    const summary = hopGaps([trace, trace]);
    assert.equal(summary.hops, 6);
    assert.deepEqual(summary.startGapMs, { p50: 0.8, max: 1.5 });
    assert.deepEqual(summary.startGapMaxByTraceMs, [1.5, 1.5]);
    assert.deepEqual(summary.byHop['bff -> user-service'], {
      hops: 2,
      startGapP50Ms: 1.5,
      endGapP50Ms: 1.5,
    });
    // The BFF: 1 ms before its first call, 9 ms after its last (ends at 91 ms, server at 100 ms).
    assert.deepEqual(summary.ownTimeByService, {
      bff: { beforeCallsP50Ms: 1, afterCallsP50Ms: 9 },
      'recommendation-service': { beforeCallsP50Ms: 1.2, afterCallsP50Ms: 66.8 },
    });
  });

  it('renders scenario 7 with each layer cost and the collector column only when measured', () => {
    const leaf = (label: string, rps: number, cpu: number, extra = {}) => ({
      label,
      rps,
      cpuMsPerRequest: cpu,
      ...extra,
    });
    const report: Partial<BenchReport> & Pick<BenchReport, 'meta'> = {
      meta: sampleReport().meta,
      leafLayers: {
        path: '/users/42',
        connections: 16,
        durationS: 4,
        rows: [
          leaf('a. raw node:http', 9000, 0.06),
          leaf('b. bare Nest', 4000, 0.16, {
            layer: 'Nest 11 + express (b - a)',
            layerCostMs: 0.1,
          }),
          leaf('f. as shipped', 900, 0.9, {
            layer: 'exporting spans (f - e)',
            layerCostMs: 0.2,
            collectorCpuMsPerRequest: 0.12,
          }),
        ],
      },
    };
    const markdown = toMarkdown(report);
    assert.match(
      markdown,
      /## 7\. A leaf request, layer by layer \(user-service, GET \/users\/42, 16 connections, 4 s each\)/,
    );
    assert.match(
      markdown,
      /\| row \| req\/s \| CPU ms \/ request \| layer \| layer cost ms \| Jaeger CPU ms \/ request \|/,
    );
    assert.match(markdown, /\| a\. raw node:http \| 9000 \| 0\.06 \| \(the floor\) \| {2}\| {2}\|/);
    assert.match(
      markdown,
      /\| b\. bare Nest \| 4000 \| 0\.16 \| Nest 11 \+ express \(b - a\) \| 0\.1 \| {2}\|/,
    );
    assert.match(
      markdown,
      /\| f\. as shipped \| 900 \| 0\.9 \| exporting spans \(f - e\) \| 0\.2 \| 0\.12 \|/,
    );
    assert.match(markdown, /c - d the access-log line/);
    report.leafLayers!.rows.pop();
    assert.doesNotMatch(toMarkdown(report), /Jaeger CPU/);
  });

  it('reads the slowest branch of a dashboard and the overhead on top of it', () => {
    const body = JSON.stringify({
      meta: {
        degraded: ['loyalty'],
        branches: {
          user: { status: 'ok', ms: 21 },
          orders: { status: 'ok', ms: 41.5 },
          loyalty: { status: 'circuit-open', ms: 0.2 },
          recommendations: { status: 'ok', ms: 122 },
        },
      },
    });
    const detail = readDashboard(200, body);
    assert.deepEqual(detail, { slowest: 122, sum: 184.7, degraded: 1, loyalty: 'circuit-open' });
    assert.equal(readDashboard(503, body), undefined);
    assert.equal(readDashboard(200, 'not json'), undefined);
    assert.deepEqual(
      overheads([
        { status: 200, ms: 125, detail: detail! },
        { status: 503, ms: 3 },
      ]),
      [3],
    );
  });
});
