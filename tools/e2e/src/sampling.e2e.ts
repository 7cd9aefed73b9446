// One sampling decision per trace: with a ratio sampler the suite's traces are either absent or whole,
// across OpenTelemetry services (OTLP sink) and the mixed fleet with loyalty-service on jaeger-client
// (a real Jaeger, when its binary is there). Also the standard switches OTEL_SDK_DISABLED and
// OTEL_NODE_DISABLED_INSTRUMENTATIONS, on real processes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProcessGroup,
  SERVICE_NAMES,
  findJaeger,
  freeJaegerPorts,
  launchJaeger,
  launchSuite,
  launchSuiteWithSink,
  repoRoot,
  type RunningJaeger,
  type RunningSuite,
} from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import { JaegerQueryClient, orphans, roots, type TraceSpan } from '@suite/trace-model';

const RATIO = 0.3;
const DASHBOARDS = 100;
const RATIO_ENV = {
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: '0.3',
};
const ROOT_NAME = 'bff GET /api/users/:userId/dashboard';

interface Answer {
  traceId: string;
  /** The W3C traceresponse flags: whether the BFF's root decision was "sampled". */
  sampled: boolean | undefined;
  /** Branches that did not answer normally (a slow, loaded machine): their services may be absent. */
  degraded: string[];
}

/** `n` dashboards, four at a time; each answers 200. */
async function dashboards(suite: RunningSuite, n: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const response = await fetch(`${suite.urls.bff}/api/users/${(i % 50) + 1}/dashboard`);
      assert.equal(response.status, 200, `dashboard ${i} answered ${response.status}`);
      const body = (await response.json()) as {
        meta: { traceId: string; degraded: string[] };
      };
      const flags = response.headers.get('traceresponse')?.split('-')[3];
      answers.push({
        traceId: body.meta.traceId,
        sampled: flags === undefined ? undefined : (parseInt(flags, 16) & 1) === 1,
        degraded: body.meta.degraded,
      });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return answers;
}

/** Waits until nothing new has arrived for `quietMs` (batches from five processes trickle in). */
async function settled(count: () => number, quietMs = 1500, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const now = count();
    if (now !== seen) [seen, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function byTrace(spans: TraceSpan[]): Map<string, TraceSpan[]> {
  const traces = new Map<string, TraceSpan[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  return traces;
}

/**
 * A whole dashboard trace: one root (the BFF's server span), no orphans, and the five services when
 * every branch answered normally.
 */
function assertWhole(traceId: string, spans: TraceSpan[], answers: Answer[]): void {
  const answer = answers.find((a) => a.traceId === traceId);
  if (answer?.degraded.length === 0) {
    assert.deepEqual(
      [...new Set(spans.map((s) => s.service))].sort(),
      [...SERVICE_NAMES].sort(),
      `trace ${traceId}: services`,
    );
  }
  assert.deepEqual(
    roots(spans).map((s) => `${s.service} ${s.name}`),
    [ROOT_NAME],
    `trace ${traceId}: one root`,
  );
  assert.deepEqual(orphans(spans), [], `trace ${traceId}: no orphans`);
}

/**
 * Traces that are no dashboard (a service's start-up, sampled by its own root decision) are not
 * checked for completeness, but none may hold a server span whose parent is missing: that is what a
 * piece of a dashboard looks like when a service sampled it against the caller's decision.
 */
function assertNoFragments(traces: Map<string, TraceSpan[]>, dashboards: Set<string>): void {
  const fragments = [...traces.entries()]
    .map(([id, spans]) => [id, orphans(spans).filter((s) => s.kind === 'server')] as const)
    .filter(([id, lost]) => !dashboards.has(id) && lost.length > 0)
    .map(([id, lost]) => `${id}: ${lost.map((s) => `${s.service} ${s.name}`).join(', ')}`);
  assert.deepEqual(fragments, [], 'fragments of traces whose root was not sampled');
}

/** Binomial: 100 draws at 0.3 land in [0.15, 0.45] but for a chance below one in ten thousand. */
function assertRoughlyRatio(exported: number, total: number): void {
  const share = exported / total;
  assert.ok(
    share >= RATIO - 0.15 && share <= RATIO + 0.15,
    `${exported} of ${total} exported (${share.toFixed(2)}), expected about ${RATIO}`,
  );
}

describe('OTEL_TRACES_SAMPLER=parentbased_traceidratio, ARG=0.3 (OpenTelemetry fleet)', () => {
  const sink = new OtlpSink();
  const group = new ProcessGroup('silent');
  let answers: Answer[];
  let traces: Map<string, TraceSpan[]>;

  before(async () => {
    const suite = await launchSuiteWithSink(group, sink, RATIO_ENV);
    answers = await dashboards(suite, DASHBOARDS);
    await settled(() => sink.spans.length);
    traces = byTrace(sink.spans);
  });

  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  it('exports roughly 30% of the dashboards, exactly those the BFF answered as sampled', () => {
    const exported = answers.filter((a) => traces.has(a.traceId));
    assertRoughlyRatio(exported.length, answers.length);
    for (const answer of answers) {
      assert.equal(answer.sampled, traces.has(answer.traceId), `trace ${answer.traceId}`);
    }
  });

  it('exports every sampled dashboard whole, and no fragment of an unsampled one', () => {
    const asked = new Set(answers.map((a) => a.traceId));
    for (const [traceId, spans] of traces) {
      if (asked.has(traceId)) assertWhole(traceId, spans, answers);
    }
    assertNoFragments(traces, asked);
  });

  it('still stamps the correlation id on every span and traces Nest handlers', () => {
    const spans = answers.flatMap((a) => traces.get(a.traceId) ?? []);
    assert.deepEqual(
      spans.filter((s) => !s.attributes['app.correlation_id']).map((s) => `${s.service} ${s.name}`),
      [],
    );
    assert.ok(
      spans.some((s) => s.attributes['nestjs.type'] === 'handler'),
      'Nest handler spans',
    );
  });
});

describe('OTEL_SDK_DISABLED=true', () => {
  const sink = new OtlpSink();
  const group = new ProcessGroup('silent');
  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  it('answers dashboards and exports nothing', async () => {
    const suite = await launchSuiteWithSink(group, sink, { OTEL_SDK_DISABLED: 'true' });
    const answers = await dashboards(suite, 5);
    assert.equal(answers.length, 5);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(sink.spans.length, 0, 'no span exported');
    assert.ok(
      answers.every((a) => a.sampled === undefined),
      'no traceresponse without tracing',
    );
  });
});

describe('OTEL_NODE_DISABLED_INSTRUMENTATIONS=nestjs-core', () => {
  const sink = new OtlpSink();
  const group = new ProcessGroup('silent');
  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  it('keeps the trace whole, without Nest spans', async () => {
    const suite = await launchSuiteWithSink(group, sink, {
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'nestjs-core',
    });
    const [answer] = await dashboards(suite, 1);
    assert.ok(answer);
    const spans = await sink.waitForTrace(answer.traceId, 5);
    assertWhole(answer.traceId, spans, [answer]);
    assert.deepEqual(
      spans.filter((s) => s.attributes['nestjs.type'] !== undefined).map((s) => s.name),
      [],
    );
  });
});

describe('the mixed fleet (loyalty-service on jaeger-client) under the same ratio, in Jaeger', () => {
  const root = repoRoot();
  const jaegerGroup = new ProcessGroup('silent');
  const group = new ProcessGroup('silent');
  let running: RunningJaeger | undefined;
  let skip: string | undefined;

  before(async () => {
    const found = await findJaeger(root, { build: false });
    if (!found.binary) {
      skip = `no Jaeger binary (${found.reason}); build it with npm run jaeger:build`;
      return;
    }
    running = await launchJaeger(jaegerGroup, {
      root,
      binary: found.binary,
      ports: await freeJaegerPorts(),
    });
  });

  after(async () => {
    await group.stopAll();
    await jaegerGroup.stopAll();
  });

  it('holds each dashboard trace either whole, loyalty spans included, or not at all', async (t) => {
    if (!running) return t.skip(skip);
    const suite = await launchSuite(group, {
      root,
      ports: 'free',
      dataDir: ':memory:',
      legacyTracing: ['loyalty-service'],
      jaegerThriftUrl: `http://127.0.0.1:${running.ports.thriftHttp}/api/traces`,
      env: {
        ...RATIO_ENV,
        OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        JAEGER_REPORTER_FLUSH_INTERVAL: '200',
      },
    });
    const answers = await dashboards(suite, DASHBOARDS);
    const jaeger = new JaegerQueryClient(running.queryUrl);
    const stored = async (): Promise<TraceSpan[][]> => [
      ...(await jaeger.search({ service: 'bff', limit: 1000, lookbackMs: 600_000 })),
      ...(await jaeger.search({ service: 'loyalty-service', limit: 1000, lookbackMs: 600_000 })),
    ];
    let count = 0;
    const poll = setInterval(() => {
      void stored().then((all) => (count = all.flat().length));
    }, 500);
    await settled(() => count, 2000, 30_000);
    clearInterval(poll);
    const traces = byTrace((await stored()).flat());
    // One search per service returns each trace whole, so a trace seen twice is deduplicated by id.
    for (const [id, spans] of traces) {
      traces.set(id, [...new Map(spans.map((s) => [s.spanId, s])).values()]);
    }
    const asked = new Set(answers.map((a) => a.traceId));
    const dashboardTraces = [...traces.keys()].filter((id) => asked.has(id));
    assertRoughlyRatio(dashboardTraces.length, answers.length);
    assertNoFragments(traces, asked);
    for (const id of dashboardTraces) assertWhole(id, traces.get(id) ?? [], answers);
  });
});
