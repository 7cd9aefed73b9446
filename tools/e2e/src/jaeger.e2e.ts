// npm run e2e: Jaeger and the five services as real processes on free loopback ports; every check
// reads the traces back from Jaeger's HTTP query API, the way a user's Jaeger UI would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProcessGroup,
  SERVICE_NAMES,
  findJaeger,
  freeJaegerPorts,
  launchJaeger,
  launchSuite,
  type RunningSuite,
  repoRoot,
} from '@suite/harness';
import {
  JaegerQueryClient,
  allOverlap,
  ancestors,
  noneOverlap,
  orphans,
  parallelismRatio,
  renderWaterfall,
  roots,
  services,
  type TraceSpan,
} from '@suite/trace-model';

const root = repoRoot();
const group = new ProcessGroup('silent');
let suite: RunningSuite;
let jaeger: JaegerQueryClient;
const run = Date.now().toString(36);

interface Dashboard {
  meta: { traceId: string; correlationId: string };
}

async function dashboard(strategy: string, correlationId: string): Promise<Dashboard> {
  const response = await fetch(`${suite.urls.bff}/api/users/42/dashboard?strategy=${strategy}`, {
    headers: { 'x-correlation-id': correlationId },
  });
  assert.equal(response.status, 200, `dashboard (${strategy}) answered ${response.status}`);
  return (await response.json()) as Dashboard;
}

/** The whole trace, as Jaeger holds it once every service has exported its spans. */
async function completeTrace(traceId: string): Promise<TraceSpan[]> {
  const spans = await jaeger.settledTrace(traceId, { timeoutMs: 15_000 });
  assert.ok(spans, `trace ${traceId} never reached Jaeger`);
  return spans;
}

const bffCalls = (spans: TraceSpan[]) =>
  spans.filter((s) => s.service === 'bff' && s.kind === 'client');

describe('traces read back from a real Jaeger', () => {
  let parallel: TraceSpan[];
  let sequential: TraceSpan[];
  let parallelRequest: Dashboard;

  before(async () => {
    const found = await findJaeger(root, { build: true });
    if (!found.binary) throw new Error(`no Jaeger binary: ${found.reason}`);
    const running = await launchJaeger(group, {
      root,
      binary: found.binary,
      ports: await freeJaegerPorts(),
    });
    jaeger = new JaegerQueryClient(running.queryUrl);
    suite = await launchSuite(group, {
      root,
      ports: 'free',
      dataDir: ':memory:',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        LOG_LEVEL: 'warn',
      },
    });
    parallelRequest = await dashboard('parallel', `e2e-parallel-${run}`);
    const sequentialRequest = await dashboard('sequential', `e2e-sequential-${run}`);
    parallel = await completeTrace(parallelRequest.meta.traceId);
    sequential = await completeTrace(sequentialRequest.meta.traceId);
  });

  after(async () => {
    // Also when a check or the start failed: nothing started here outlives the run.
    await group.stopAll();
  });

  it('holds spans of all five services in one trace, with one root and no orphans', () => {
    assert.deepEqual(services(parallel), [...SERVICE_NAMES].sort());
    const tops = roots(parallel);
    assert.deepEqual(
      tops.map((s) => `${s.service} ${s.name}`),
      ['bff GET /api/users/:userId/dashboard'],
    );
    assert.deepEqual(orphans(parallel), []);
  });

  it("shows the BFF's four calls as sibling client spans: overlapping when parallel, not when sequential", (t) => {
    for (const spans of [parallel, sequential]) {
      const calls = bffCalls(spans);
      assert.equal(calls.length, 4);
      assert.equal(new Set(calls.map((s) => s.parentSpanId)).size, 1, 'siblings');
      assert.ok(
        ancestors(spans, calls[0]!).some((s) => s.kind === 'server' && s.service === 'bff'),
      );
    }
    assert.equal(allOverlap(bffCalls(parallel)), true, 'parallel calls overlap');
    assert.equal(noneOverlap(bffCalls(sequential)), true, 'sequential calls do not overlap');
    const ratio = (spans: TraceSpan[]) =>
      parallelismRatio(bffCalls(spans), roots(spans)[0]!).toFixed(2);
    t.diagnostic(
      `parallelism ratio (sum of branch durations / BFF wall time): parallel ${ratio(parallel)}, sequential ${ratio(sequential)}`,
    );
    assert.ok(Number(ratio(parallel)) > 1.2, `parallel ratio ${ratio(parallel)}`);
    assert.ok(Number(ratio(sequential)) <= 1, `sequential ratio ${ratio(sequential)}`);
  });

  it('nests recommendation -> order under recommendation-service', () => {
    const hop = parallel.find(
      (s) =>
        s.service === 'recommendation-service' && s.attributes['peer.service'] === 'order-service',
    );
    assert.ok(hop);
    assert.ok(
      ancestors(parallel, hop).some(
        (s) => s.service === 'recommendation-service' && s.kind === 'server',
      ),
    );
    assert.equal(parallel.find((s) => s.parentSpanId === hop.spanId)?.service, 'order-service');
  });

  it('finds exactly that trace by searching the app.correlation_id tag', async () => {
    for (const service of SERVICE_NAMES) {
      const found = await jaeger.search({
        service,
        tags: { 'app.correlation_id': `e2e-parallel-${run}` },
      });
      assert.deepEqual(
        found.map((trace) => trace[0]!.traceId),
        [parallelRequest.meta.traceId],
        `search in ${service}`,
      );
    }
    const missing = parallel.filter(
      (s) => s.attributes['app.correlation_id'] !== `e2e-parallel-${run}`,
    );
    assert.deepEqual(
      missing.map((s) => `${s.service} ${s.name}`),
      [],
    );
  });

  it('names spans by the semantic conventions, with database spans', () => {
    for (const span of parallel.filter(
      (s) => s.kind === 'server' || (s.kind === 'client' && !s.attributes['db.system.name']),
    )) {
      assert.match(
        span.name,
        /^(GET|POST) \/\S+/,
        `${span.service} ${span.kind} span "${span.name}"`,
      );
    }
    const queries = parallel.filter((s) => s.attributes['db.system.name'] === 'sqlite');
    assert.ok(queries.length >= 4, `only ${queries.length} database spans`);
    for (const query of queries) assert.match(query.name, /^(SELECT|INSERT|UPDATE|DELETE) \w+$/);
  });

  it('lists every service and draws the dependency graph', async () => {
    const known = await jaeger.services();
    for (const service of SERVICE_NAMES)
      assert.ok(known.includes(service), `${service} in /api/services`);
    const edges = (await jaeger.dependencies()).map((d) => `${d.parent} -> ${d.child}`);
    for (const expected of [
      'bff -> user-service',
      'bff -> order-service',
      'bff -> loyalty-service',
      'bff -> recommendation-service',
      'recommendation-service -> order-service',
    ]) {
      assert.ok(edges.includes(expected), `${expected} missing from ${edges.join(', ')}`);
    }
  });

  it('draws the parallel fan-out as a waterfall (npm run trace)', (t) => {
    const waterfall = renderWaterfall(parallel, { width: 30 });
    for (const line of waterfall.split('\n')) t.diagnostic(line);
    assert.match(waterfall, /GET \/api\/users\/:userId\/dashboard/);
  });
});
