// The trace contract, part two: what every span and every log line carries.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_NAMES } from '@suite/harness';
import type { TraceSpan } from '@suite/trace-model';
import { logs, parallelTrace } from './world';

export function traceAttributeTests(): void {
  describe('trace contract, parallel dashboard: attributes, names and logs', () => {
    let spans: TraceSpan[];
    let traceId: string;

    before(async () => {
      ({ spans, traceId } = await parallelTrace());
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
}
