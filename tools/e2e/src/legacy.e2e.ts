// npm run e2e, the mixed fleet: loyalty-service traces with jaeger-client (OpenTracing, Thrift over
// HTTP) while the other four use OpenTelemetry (OTLP), all into one real Jaeger. With the seam bridged
// (B3) Jaeger holds one connected trace; with TRACE_SEAM=broken it holds two.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProcessGroup,
  findJaeger,
  freeJaegerPorts,
  launchJaeger,
  launchSuite,
  type RunningJaeger,
  type RunningSuite,
  repoRoot,
  loggingGroup,
  type LogLine,
} from '@suite/harness';
import {
  JaegerQueryClient,
  ancestors,
  orphans,
  renderWaterfall,
  roots,
  type TraceSpan,
} from '@suite/trace-model';

const root = repoRoot();
const jaegerGroup = new ProcessGroup('silent');
const run = Date.now().toString(36);
let running: RunningJaeger;
let jaeger: JaegerQueryClient;

/** The suite with loyalty-service on jaeger-client, its JSON log lines kept for the checks. */
async function legacySuite(seam: 'bridged' | 'broken') {
  const { group, logs } = loggingGroup();
  const suite = await launchSuite(group, {
    root,
    ports: 'free',
    dataDir: ':memory:',
    legacyTracing: ['loyalty-service'],
    jaegerThriftUrl: `http://127.0.0.1:${running.ports.thriftHttp}/api/traces`,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      JAEGER_REPORTER_FLUSH_INTERVAL: '200',
      LOG_FORMAT: 'json',
      TRACE_SEAM: seam,
    },
  });
  return { group, suite, logs };
}

async function dashboard(suite: RunningSuite, correlationId: string) {
  const response = await fetch(`${suite.urls.bff}/api/users/42/dashboard`, {
    headers: { 'x-correlation-id': correlationId },
  });
  assert.equal(response.status, 200, `dashboard answered ${response.status}`);
  const body = (await response.json()) as {
    meta: { traceId: string; branches: Record<string, { status: string }> };
  };
  assert.equal(body.meta.branches['loyalty']?.status, 'ok', 'loyalty answered the BFF');
  return body.meta.traceId;
}

async function completeTrace(traceId: string): Promise<TraceSpan[]> {
  const spans = await jaeger.settledTrace(traceId, { timeoutMs: 15_000 });
  assert.ok(spans, `trace ${traceId} never reached Jaeger`);
  return spans;
}

/** Jaeger's process tags per service for one trace (the suite's span model leaves them out). */
async function processTags(traceId: string): Promise<Record<string, Record<string, unknown>>> {
  const response = await fetch(`${running.queryUrl}/api/traces/${traceId}`);
  const body = (await response.json()) as {
    data: {
      processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
    }[];
  };
  return Object.fromEntries(
    Object.values(body.data[0]?.processes ?? {}).map((p) => [
      p.serviceName,
      Object.fromEntries(p.tags.map((t) => [t.key, t.value])),
    ]),
  );
}

const callToLoyalty = (spans: TraceSpan[]) =>
  spans.find(
    (s) =>
      s.service === 'bff' &&
      s.kind === 'client' &&
      s.attributes['peer.service'] === 'loyalty-service',
  );

before(async () => {
  const found = await findJaeger(root, { build: true });
  if (!found.binary) throw new Error(`no Jaeger binary: ${found.reason}`);
  running = await launchJaeger(jaegerGroup, {
    root,
    binary: found.binary,
    ports: await freeJaegerPorts(),
  });
  jaeger = new JaegerQueryClient(running.queryUrl);
});

after(async () => {
  await jaegerGroup.stopAll();
});

describe('a mixed fleet: loyalty-service on jaeger-client, the seam bridged with B3', () => {
  let group: ProcessGroup;
  let suite: RunningSuite;
  let logs: LogLine[];
  let spans: TraceSpan[];
  let traceId: string;
  const correlationId = `legacy-joined-${run}`;

  before(async () => {
    ({ group, suite, logs } = await legacySuite('bridged'));
    traceId = await dashboard(suite, correlationId);
    spans = await completeTrace(traceId);
  });

  after(async () => {
    await group.stopAll();
  });

  it('joins loyalty-service into the BFF trace: one root, no orphans', (t) => {
    for (const line of renderWaterfall(spans, { width: 30 }).split('\n')) t.diagnostic(line);
    assert.ok(
      spans.some((s) => s.service === 'loyalty-service'),
      'loyalty spans in the trace',
    );
    assert.deepEqual(
      roots(spans).map((s) => `${s.service} ${s.name}`),
      ['bff GET /api/users/:userId/dashboard'],
    );
    assert.deepEqual(orphans(spans), []);
  });

  it("parents loyalty's server span under the BFF's client span, its queries under it", () => {
    const call = callToLoyalty(spans);
    assert.ok(call, 'the BFF client span to loyalty-service');
    const server = spans.find((s) => s.parentSpanId === call.spanId);
    assert.equal(server?.service, 'loyalty-service');
    assert.equal(server.kind, 'server');
    assert.equal(server.name, 'GET /users/:userId/points');
    const query = spans.find(
      (s) => s.service === 'loyalty-service' && s.attributes['db.system.name'] === 'sqlite',
    );
    assert.equal(query?.name, 'SELECT accounts');
    assert.equal(query.kind, 'client');
    assert.ok(ancestors(spans, query).includes(server), 'the query is inside the handler');
  });

  it('shows loyalty spans as reported by jaeger-client, the others by OpenTelemetry', async () => {
    const tags = await processTags(traceId);
    const loyalty = tags['loyalty-service'];
    // jaeger-client's process tags as Jaeger v2 stores them: its collector translates jaeger.version
    // (Node-3.19.0) and hostname into the OpenTelemetry names; client-uuid and ip stay as sent.
    assert.equal(loyalty?.['opencensus.exporterversion'], 'Jaeger-Node-3.19.0');
    assert.ok(loyalty['host.name'], 'hostname process tag');
    assert.match(String(loyalty['client-uuid']), /^[0-9a-f-]{36}$/);
    assert.equal(loyalty['telemetry.sdk.name'], undefined, 'no OpenTelemetry SDK in loyalty');
    assert.equal(tags['bff']?.['client-uuid'], undefined);
    assert.equal(tags['bff']?.['telemetry.sdk.name'], 'opentelemetry');
  });

  it('carries the correlation id on every loyalty span, in its response header and its logs', async () => {
    const loyaltySpans = spans.filter((s) => s.service === 'loyalty-service');
    assert.deepEqual(
      loyaltySpans
        .filter((s) => s.attributes['app.correlation_id'] !== correlationId)
        .map((s) => s.name),
      [],
    );
    const found = await jaeger.search({
      service: 'loyalty-service',
      tags: { 'app.correlation_id': correlationId },
    });
    assert.deepEqual(
      found.map((t) => t[0]?.traceId),
      [traceId],
    );
    const lines = logs.filter(
      (l) => l.service === 'loyalty-service' && l.line['correlation_id'] === correlationId,
    );
    assert.ok(lines.length > 0, 'loyalty log lines with the correlation id');
    assert.ok(lines.every((l) => l.line['trace_id'] === traceId));

    const direct = await fetch(`${suite.urls['loyalty-service']}/users/42/points`, {
      headers: { 'x-correlation-id': `legacy-direct-${run}` },
    });
    await direct.arrayBuffer();
    assert.equal(direct.headers.get('x-correlation-id'), `legacy-direct-${run}`);
    assert.match(direct.headers.get('traceresponse') ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});

describe('the same fleet with TRACE_SEAM=broken: the trace splits in two', () => {
  let group: ProcessGroup;
  let bffTraceId: string;
  let bffTrace: TraceSpan[];
  const correlationId = `legacy-split-${run}`;

  before(async () => {
    let suite: RunningSuite;
    ({ group, suite } = await legacySuite('broken'));
    bffTraceId = await dashboard(suite, correlationId);
    bffTrace = await completeTrace(bffTraceId);
  });

  after(async () => {
    await group.stopAll();
  });

  it('leaves the BFF trace without loyalty spans: its call to loyalty has no continuation', () => {
    assert.equal(
      bffTrace.some((s) => s.service === 'loyalty-service'),
      false,
    );
    const call = callToLoyalty(bffTrace);
    assert.ok(call, 'the BFF still traced its call to loyalty-service');
    assert.equal(
      bffTrace.some((s) => s.parentSpanId === call.spanId),
      false,
    );
  });

  it('puts loyalty in a trace of its own, found only by the correlation id', async () => {
    const [loyaltyTrace, ...more] = await jaeger.waitFor(
      async () => {
        const found = await jaeger.search({
          service: 'loyalty-service',
          tags: { 'app.correlation_id': correlationId },
        });
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 15_000, what: `loyalty-service's trace for ${correlationId}` },
    );
    assert.equal(more.length, 0, 'one loyalty trace for the request');
    assert.ok(loyaltyTrace);
    assert.notEqual(loyaltyTrace[0]?.traceId, bffTraceId, 'a second trace');
    assert.deepEqual(
      roots(loyaltyTrace).map((s) => `${s.service} ${s.kind} ${s.name}`),
      ['loyalty-service server GET /users/:userId/points'],
    );
    assert.ok(loyaltyTrace.every((s) => s.service === 'loyalty-service'));
  });
});
