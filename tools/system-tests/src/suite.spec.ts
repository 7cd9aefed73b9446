// The whole suite as five real processes on loopback, exporting OTLP to an in-test sink: proves the
// trace contract of ../shared/contract.md and the behaviour users rely on, over real HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  SERVICE_NAMES,
  type RunningSuite,
  launchSuiteWithSink,
  loggingGroup,
} from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import {
  allOverlap,
  ancestors,
  noneOverlap,
  orphans,
  roots,
  services,
  type TraceSpan,
} from '@suite/trace-model';

const { group, logs } = loggingGroup();
const sink = new OtlpSink();
let suite: RunningSuite;

async function dashboard(query: string, correlationId: string) {
  const response = await fetch(`${suite.urls.bff}/api/users/42/dashboard${query}`, {
    headers: { 'x-correlation-id': correlationId },
  });
  const body = (await response.json()) as {
    meta: { traceId: string; degraded: string[]; branches: Record<string, { status: string }> };
  } & Record<string, unknown>;
  return { response, body };
}

/** The BFF's four calls to the services, and the span they hang from. */
function bffCalls(spans: TraceSpan[]): TraceSpan[] {
  return spans.filter((s) => s.service === 'bff' && s.kind === 'client');
}

describe('the suite as real processes (spans exported over OTLP)', () => {
  before(async () => {
    suite = await launchSuiteWithSink(group, sink, {
      // A fixed latency per call keeps timing assertions far from noise.
      LATENCY: 'fixed:20',
    });
  });

  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  describe('trace contract, parallel dashboard', () => {
    let spans: TraceSpan[];
    let traceId: string;

    before(async () => {
      const { response, body } = await dashboard('', 'trace-contract-parallel');
      assert.equal(response.status, 200);
      traceId = body.meta.traceId;
      assert.equal(response.headers.get('traceresponse')?.split('-')[1], traceId);
      spans = await sink.waitForTrace(traceId, 25);
    });

    it('is one trace across all five services, with one root and no orphans', () => {
      assert.deepEqual(services(spans), [...SERVICE_NAMES].sort());
      const [root, ...others] = roots(spans);
      assert.equal(
        others.length,
        0,
        `extra roots: ${others.map((s) => `${s.service} ${s.name}`).join(', ')}`,
      );
      assert.equal(root!.service, 'bff');
      assert.equal(root!.kind, 'server');
      assert.equal(root!.name, 'GET /api/users/:userId/dashboard');
      assert.deepEqual(orphans(spans), []);
    });

    it("has the BFF's four calls as overlapping sibling client spans under its server span", () => {
      const calls = bffCalls(spans);
      assert.deepEqual(calls.map((s) => s.attributes['peer.service']).sort(), [
        'loyalty-service',
        'order-service',
        'recommendation-service',
        'user-service',
      ]);
      assert.equal(new Set(calls.map((s) => s.parentSpanId)).size, 1, 'one parent: siblings');
      const root = roots(spans)[0]!;
      assert.ok(ancestors(spans, calls[0]!).includes(root), 'under the BFF server span');
      assert.equal(allOverlap(calls), true, 'parallel calls are in flight together');
      for (const call of calls) {
        // The resilience story of each call: its budget, its attempt, its breaker.
        assert.ok(Number(call.attributes['app.deadline.remaining_ms']) > 0, call.name);
        assert.equal(call.attributes['app.retry.attempt'], 0, call.name);
        assert.equal(call.attributes['app.breaker.state'], 'closed', call.name);
      }
      for (const call of calls) {
        const server = spans.find((s) => s.parentSpanId === call.spanId);
        assert.equal(
          server?.service,
          call.attributes['peer.service'],
          `${call.name} continues in its service`,
        );
        assert.equal(server?.kind, 'server');
        assert.ok(
          Number(server?.attributes['app.deadline.remaining_ms']) > 0,
          `${call.name}: the service knows how long the BFF waits`,
        );
      }
    });

    it("nests recommendation-service's call to order-service under recommendation-service", () => {
      const hop = spans.find(
        (s) =>
          s.service === 'recommendation-service' &&
          s.attributes['peer.service'] === 'order-service',
      );
      assert.ok(hop, 'recommendation-service made a client call');
      assert.equal(hop.name, 'GET /users/:userId/orders');
      assert.ok(
        ancestors(spans, hop).some(
          (s) => s.service === 'recommendation-service' && s.kind === 'server',
        ),
      );
      const orderServer = spans.find((s) => s.parentSpanId === hop.spanId);
      assert.equal(orderServer?.service, 'order-service');
      // It forwards what is left of the BFF's budget, without code of its own for it.
      const bffCall = bffCalls(spans).find(
        (s) => s.attributes['peer.service'] === 'recommendation-service',
      );
      const left = Number(hop.attributes['app.deadline.remaining_ms']);
      assert.ok(left > 0 && left <= Number(bffCall?.attributes['app.timeout_ms']), String(left));
    });

    it('carries app.correlation_id on every span of every service', () => {
      const missing = spans.filter(
        (s) => s.attributes['app.correlation_id'] !== 'trace-contract-parallel',
      );
      assert.deepEqual(
        missing.map((s) => `${s.service} ${s.name}`),
        [],
      );
    });

    it('names spans by the semantic conventions and traces each query as a database span', () => {
      for (const server of spans.filter((s) => s.kind === 'server')) {
        assert.match(
          server.name,
          /^(GET|POST) \/\S+/,
          `${server.service} server span "${server.name}"`,
        );
      }
      const queries = spans.filter((s) => s.attributes['db.system.name'] === 'sqlite');
      assert.deepEqual([...new Set(queries.map((s) => s.service))].sort(), [
        'loyalty-service',
        'order-service',
        'recommendation-service',
        'user-service',
      ]);
      for (const query of queries) {
        assert.equal(query.kind, 'client');
        assert.equal(
          query.name,
          `${query.attributes['db.operation.name']} ${query.attributes['db.collection.name']}`,
        );
        assert.equal(typeof query.attributes['db.query.text'], 'string');
      }
    });

    it("writes the request's trace and correlation ids on every service's log lines", () => {
      const requestLogs = logs.filter(
        (l) => l.line['correlation_id'] === 'trace-contract-parallel',
      );
      assert.deepEqual(
        [...new Set(requestLogs.map((l) => l.service))].sort(),
        [...SERVICE_NAMES].sort(),
      );
      for (const { service, line } of requestLogs) assert.equal(line['trace_id'], traceId, service);
    });
  });

  it('sequential strategy: the four calls do not overlap', async () => {
    const { response, body } = await dashboard('?strategy=sequential', 'trace-contract-sequential');
    assert.equal(response.status, 200);
    const spans = await sink.waitForTrace(body.meta.traceId, 25);
    const calls = bffCalls(spans);
    assert.equal(calls.length, 4);
    assert.equal(noneOverlap(calls), true);
    assert.equal(new Set(calls.map((s) => s.parentSpanId)).size, 1);
  });

  describe('checkout', () => {
    const checkout = (body: unknown, key?: string) =>
      fetch(`${suite.urls.bff}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const points = async () =>
      (
        (await (await fetch(`${suite.urls['loyalty-service']}/users/7/points`)).json()) as {
          points: number;
        }
      ).points;

    it('creates the order and accrues points once per Idempotency-Key', async () => {
      const before = await points();
      const request = {
        userId: '7',
        items: [
          { sku: 'BOO-101', quantity: 2 },
          { sku: 'KIT-103', quantity: 1 },
        ],
      };
      const first = await checkout(request, 'integration-checkout-1');
      assert.equal(first.status, 201);
      const created = (await first.json()) as {
        order: { id: string; totalCents: number };
        loyalty: { status: string; points: number };
      };
      assert.equal(created.loyalty.status, 'accrued');
      assert.equal(created.loyalty.points, 30);
      assert.ok(created.order.totalCents > 0);

      const repeat = await checkout(request, 'integration-checkout-1');
      assert.equal(repeat.status, 201);
      assert.equal(((await repeat.json()) as { order: { id: string } }).order.id, created.order.id);
      assert.equal(await points(), before + 30, 'points accrued exactly once');
    });

    it('refuses bad input with a 4xx that says what is wrong, writing nothing', async () => {
      const before = await points();
      const malformed = await checkout('{"userId": "7", "items": [', 'integration-checkout-bad-1');
      assert.equal(malformed.status, 400);
      assert.match(((await malformed.json()) as { message: string }).message, /Malformed JSON/);

      const unknownSku = await checkout(
        { userId: '7', items: [{ sku: 'ZZZ-999', quantity: 1 }] },
        'integration-checkout-bad-2',
      );
      assert.equal(unknownSku.status, 400);
      assert.match(
        ((await unknownSku.json()) as { message: string }).message,
        /unknown sku ZZZ-999/,
      );

      const badQuantity = await checkout({
        userId: '7',
        items: [{ sku: 'BOO-101', quantity: -3 }],
      });
      assert.equal(badQuantity.status, 400);
      const body = (await badQuantity.json()) as { issues: { path: string; message: string }[] };
      assert.deepEqual(
        body.issues.map((i) => i.path),
        ['items.0.quantity'],
      );

      const unknownField = await checkout({
        userId: '7',
        items: [{ sku: 'BOO-101', quantity: 1 }],
        discount: 100,
      });
      assert.equal(unknownField.status, 400);
      assert.equal(await points(), before, 'no points for rejected checkouts');
    });
  });

  describe('partial failure, with real processes stopped', () => {
    it('a dead loyalty-service leaves the dashboard answering 200, degraded', async () => {
      await group.stopOne('loyalty-service');
      const { response, body } = await dashboard('', 'trace-contract-loyalty-down');
      assert.equal(response.status, 200);
      assert.deepEqual(body.meta.degraded, ['loyalty']);
      assert.equal(body.meta.branches['loyalty']?.status, 'error');
      assert.deepEqual(body['loyalty'], { status: 'unavailable' });
      const spans = await sink.waitForTrace(body.meta.traceId, 20);
      const failed = bffCalls(spans).find(
        (s) => s.attributes['peer.service'] === 'loyalty-service',
      );
      assert.equal(failed?.error, true, 'the failed call is an error span');
      assert.equal(failed?.attributes['error.type'], 'unavailable');
      // A read is retried: one CLIENT span per attempt, siblings, the retries saying how long they waited.
      const attempts = bffCalls(spans).filter(
        (s) => s.attributes['peer.service'] === 'loyalty-service',
      );
      assert.deepEqual(attempts.map((s) => s.attributes['app.retry.attempt']).sort(), [0, 1, 2]);
      assert.equal(new Set(attempts.map((s) => s.parentSpanId)).size, 1);
      assert.equal(attempts.filter((s) => s.events.some((e) => e.name === 'retry')).length, 2);
      assert.ok(
        spans.some((s) =>
          s.events.some((e) => e.name === 'fallback' && e.attributes['app.branch'] === 'loyalty'),
        ),
        'the BFF records the fallback it used',
      );
      await suite.start('loyalty-service');
    });

    it('a dead user-service gives a quick 503 with a message that says what to do', async () => {
      await group.stopOne('user-service');
      const started = performance.now();
      const { response, body } = await dashboard('', 'trace-contract-user-down');
      assert.equal(response.status, 503);
      assert.ok(performance.now() - started < 1000, 'quickly, not after the other branches');
      assert.match(String(body['message']), /needs user-service.*Retry/);
      await suite.start('user-service');
      assert.equal((await dashboard('', 'trace-contract-user-back')).response.status, 200);
    });
  });
});
