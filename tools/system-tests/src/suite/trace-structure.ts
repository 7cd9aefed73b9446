// The trace contract, part one: one trace, its shape, and the order of the BFF's calls.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_NAMES } from '@suite/harness';
import {
  allOverlap,
  ancestors,
  noneOverlap,
  orphans,
  roots,
  services,
  type TraceSpan,
} from '@suite/trace-model';
import { bffCalls, dashboard, parallelTrace, sink } from './world';

export function traceStructureTests(): void {
  describe('trace contract, parallel dashboard: its shape', () => {
    let spans: TraceSpan[];

    before(async () => {
      const trace = await parallelTrace();
      assert.equal(trace.status, 200);
      assert.equal(trace.traceresponse?.split('-')[1], trace.traceId);
      spans = trace.spans;
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
}
