// Scenario 3 (connection limit): with SCENARIO_CONNECTION_LIMIT every client of the process shares a
// pool of that many calls in flight, and a call that waits says so on its CLIENT span.
process.env['OTEL_METRICS_EXPORTER'] = 'none';
process.env['OTEL_LOGS_EXPORTER'] = 'none';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { ConnectionPool } from './connection-pool';
import { HttpJsonClient } from './http-json-client';

const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: 'pool-test',
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  instrumentations: [],
});
sdk.start();

describe('a shared connection pool of 1 (SCENARIO_CONNECTION_LIMIT=1)', () => {
  let server: Server;
  let url: string;
  before(async () => {
    // Each answer takes 40 ms, so a second call in flight would have to wait for the first.
    server = createServer((_req, res) => {
      setTimeout(() => res.setHeader('content-type', 'application/json').end('{"ok":true}'), 40);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await sdk.shutdown();
  });

  it('queues calls of different clients behind each other and records the wait on each span', async () => {
    const pool = new ConnectionPool(1);
    const a = new HttpJsonClient('a-service', { url, timeoutMs: 2000, pool });
    const b = new HttpJsonClient('b-service', { url, timeoutMs: 2000, pool });
    const call = { method: 'GET' as const, template: '/x', schema: z.object({ ok: z.boolean() }) };
    const started = performance.now();
    await Promise.all([a.call(call), b.call(call), a.call(call)]);
    assert.ok(performance.now() - started >= 110, 'three 40 ms calls one at a time');

    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 3);
    const waits = spans
      .map((s) => Number(s.attributes['app.connection.wait_ms']))
      .sort((x, y) => x - y);
    assert.ok(waits[0]! < 20, `the first call did not wait: ${waits}`);
    assert.ok(waits[1]! >= 30 && waits[2]! >= 70, `the others waited their turn: ${waits}`);
    const queued = spans.filter((s) => s.events.some((e) => e.name === 'connection.queued'));
    assert.equal(queued.length, 2);
    assert.ok(spans.every((s) => s.attributes['app.connection.limit'] === 1));
  });
});
