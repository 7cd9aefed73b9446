// One sampling policy served by Jaeger itself: its remote_sampling extension serves a strategies file,
// loyalty-service (jaeger-client, OTEL_TRACES_SAMPLER=parentbased_jaeger_remote) polls it, and an edit
// of the file changes what the running service samples: no restart. A trace the BFF started still
// carries loyalty's spans, whatever loyalty's own strategy says (it follows the caller's B3 flag).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProcessGroup,
  findJaeger,
  freeJaegerPorts,
  launchJaeger,
  launchSuite,
  repoRoot,
  type RunningJaeger,
  type RunningSuite,
} from '@suite/harness';
import { JaegerQueryClient } from '@suite/trace-model';

// jaeger-client polls every second here (its default is a minute); Jaeger re-reads the file every second.
const REFRESH_MS = 1000;
const ROOTS = 10;

async function writeStrategies(file: string, loyaltyRate: number): Promise<void> {
  const strategies = {
    default_strategy: { type: 'probabilistic', param: 1.0 },
    service_strategies: [{ service: 'loyalty-service', type: 'probabilistic', param: loyaltyRate }],
  };
  await writeFile(file, JSON.stringify(strategies, null, 2));
}

interface Root {
  traceId: string;
  /** The sampled flag of loyalty-service's own decision (W3C traceresponse). */
  sampled: boolean;
}

/** A request to loyalty-service itself, with no trace headers: loyalty-service is the root. */
async function loyaltyRoot(suite: RunningSuite): Promise<Root> {
  const response = await fetch(`${suite.urls['loyalty-service']}/users/42/points`);
  assert.equal(response.status, 200);
  await response.arrayBuffer();
  const [, traceId = '', , flags = '00'] = (response.headers.get('traceresponse') ?? '').split('-');
  assert.match(traceId, /^[0-9a-f]{32}$/, 'loyalty-service answers with its trace id');
  return { traceId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** Root requests until loyalty-service's decision is `sampled` (its next poll), bounded. */
async function untilDecision(suite: RunningSuite, sampled: boolean): Promise<void> {
  // Jaeger's reload (1 s) + jaeger-client's first delay and interval (up to 2 s) + a loaded machine.
  const deadline = Date.now() + 8 * REFRESH_MS + 5000;
  while (Date.now() < deadline) {
    if ((await loyaltyRoot(suite)).sampled === sampled) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`loyalty-service did not switch to sampled=${sampled} after the strategies changed`);
}

describe('remote sampling from Jaeger (loyalty-service on jaeger-client)', () => {
  const root = repoRoot();
  const jaegerGroup = new ProcessGroup('silent');
  const group = new ProcessGroup('silent');
  let work: string;
  let strategies: string;
  let running: RunningJaeger | undefined;
  let suite: RunningSuite;
  let jaeger: JaegerQueryClient;
  let skip: string | undefined;

  before(async () => {
    const found = await findJaeger(root, { build: false });
    if (!found.binary) {
      skip = `no Jaeger binary (${found.reason}); build it with npm run jaeger:build`;
      return;
    }
    work = await mkdtemp(join(tmpdir(), 'remote-sampling-'));
    strategies = join(work, 'strategies.json');
    await writeStrategies(strategies, 1.0);
    running = await launchJaeger(jaegerGroup, {
      root,
      binary: found.binary,
      ports: await freeJaegerPorts(),
      samplingStrategies: strategies,
    });
    jaeger = new JaegerQueryClient(running.queryUrl);
    const remote = (initialSamplingRate: number) =>
      `endpoint=${running?.samplingUrl},pollingIntervalMs=60000,initialSamplingRate=${initialSamplingRate}`;
    suite = await launchSuite(group, {
      root,
      ports: 'free',
      dataDir: ':memory:',
      legacyTracing: ['loyalty-service'],
      jaegerThriftUrl: `http://127.0.0.1:${running.ports.thriftHttp}/api/traces`,
      env: {
        OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
        // The OpenTelemetry services have no remote sampler on this line: they keep every root.
        OTEL_TRACES_SAMPLER_ARG: remote(1),
        OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        JAEGER_REPORTER_FLUSH_INTERVAL: '200',
      },
      serviceEnv: {
        // Starts at 0: every root it keeps is Jaeger's decision, not the initial rate's.
        'loyalty-service': {
          OTEL_TRACES_SAMPLER_ARG: remote(0),
          JAEGER_SAMPLER_REFRESH_INTERVAL: String(REFRESH_MS),
        },
      },
    });
  });

  after(async () => {
    await group.stopAll();
    await jaegerGroup.stopAll();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** A dashboard's trace from Jaeger, once loyalty-service's spans are in it. */
  async function dashboardWithLoyalty() {
    const response = await fetch(`${suite.urls.bff}/api/users/42/dashboard`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { meta: { traceId: string; degraded: string[] } };
    assert.deepEqual(body.meta.degraded, [], 'every branch answered');
    return jaeger.waitFor(
      async () => {
        // The two tracers flush on their own schedules: wait until loyalty's spans and the BFF
        // spans they hang under have both arrived.
        const trace = await jaeger.trace(body.meta.traceId);
        const ids = new Set(trace?.map((s) => s.spanId));
        const loyalty = trace?.filter((s) => s.service === 'loyalty-service') ?? [];
        const bffArrived = loyalty.every((s) => s.parentSpanId && ids.has(s.parentSpanId));
        return loyalty.length > 0 && bffArrived ? trace : undefined;
      },
      { what: `loyalty-service's spans under the BFF's in trace ${body.meta.traceId}` },
    );
  }

  it('serves the strategies file on the sampling port', async (t) => {
    if (!running) return t.skip(skip);
    const response = await fetch(`${running.samplingUrl}/sampling?service=loyalty-service`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { probabilisticSampling: { samplingRate: number } };
    assert.equal(body.probabilisticSampling.samplingRate, 1);
  });

  it('keeps every trace loyalty-service starts while the file says 1.0', async (t) => {
    if (!running) return t.skip(skip);
    await untilDecision(suite, true);
    const roots: Root[] = [];
    for (let i = 0; i < ROOTS; i++) roots.push(await loyaltyRoot(suite));
    assert.deepEqual(
      roots.filter((r) => !r.sampled).map((r) => r.traceId),
      [],
      'every root sampled',
    );
    for (const { traceId } of roots) {
      const spans = await jaeger.waitFor(() => jaeger.trace(traceId), { what: `trace ${traceId}` });
      assert.ok(spans.some((s) => s.service === 'loyalty-service' && s.kind === 'server'));
    }
  });

  it('stops storing them once the file says 0.0, without a restart', async (t) => {
    if (!running) return t.skip(skip);
    await writeStrategies(strategies, 0.0);
    await untilDecision(suite, false);
    const roots: Root[] = [];
    for (let i = 0; i < ROOTS; i++) roots.push(await loyaltyRoot(suite));
    assert.deepEqual(
      roots.filter((r) => r.sampled).map((r) => r.traceId),
      [],
      'no root sampled',
    );
    // loyalty-service reports its spans in order: once a later trace holds its spans, the roots
    // above would have been stored too, had they been sampled.
    await dashboardWithLoyalty();
    for (const { traceId } of roots) {
      assert.equal(await jaeger.trace(traceId), undefined, `trace ${traceId} was stored`);
    }
  });

  it("keeps loyalty's spans in a trace the BFF started, whatever loyalty's own strategy says", async (t) => {
    if (!running) return t.skip(skip);
    // The file still says 0.0 for loyalty-service (the test before this one).
    const spans = await dashboardWithLoyalty();
    const loyalty = spans.filter((s) => s.service === 'loyalty-service');
    assert.ok(loyalty.some((s) => s.kind === 'server'));
    const ids = new Set(spans.map((s) => s.spanId));
    assert.ok(
      loyalty.every((s) => s.parentSpanId !== undefined && ids.has(s.parentSpanId)),
      "loyalty's spans hang under the BFF's call",
    );
  });
});
