import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { affectedService, metricsLines, phaseWindows, readChaosMetrics } from './metrics';

const started = '2026-01-01T10:00:00.000Z';
const phases = {
  before: { seconds: 10 },
  during: { seconds: 20 },
  after: { seconds: 10 },
} as unknown as Parameters<typeof phaseWindows>[0]['phases'];
const actions = [
  { stage: 'method' as const, name: 'inject error into user-service', ok: true, ms: 3 },
];

describe('chaos report metrics', () => {
  const asked: URL[] = [];
  let server: Server;
  let url: string;

  before(async () => {
    // Jaeger's /api/metrics answer shape: an error rate of 0.25 and a p95 of 120 ms, per request.
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      asked.push(u);
      const value = u.pathname.endsWith('/errors') ? 0.25 : 120;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          metrics: [
            {
              labels: [{ name: 'service_name', value: u.searchParams.get('service') }],
              metricPoints: [
                { gaugeValue: { doubleValue: 0 } },
                { gaugeValue: { doubleValue: value } },
              ],
            },
          ],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('lays the phases end to end from the start', () => {
    const w = phaseWindows({ startedAt: started, phases });
    assert.deepEqual(
      w.map((p) => [p.phase, p.to - p.from]),
      [
        ['before', 10_000],
        ['during', 20_000],
        ['after', 10_000],
      ],
    );
    assert.equal(w[1]?.from, w[0]?.to);
  });

  it('takes the service the method names, else the BFF', () => {
    assert.equal(affectedService({ actions }), 'user-service');
    assert.equal(affectedService({ actions: [] }), 'bff');
  });

  it('reads the error rate and p95 of each phase over that phase', async () => {
    const m = await readChaosMetrics({
      startedAt: started,
      phases,
      actions,
      jaeger: { url },
    });
    assert.equal(m.unavailable, undefined);
    assert.deepEqual(
      m.phases.map((p) => [p.phase, p.errorRate, p.p95Ms]),
      [
        ['before', 0.25, 120],
        ['during', 0.25, 120],
        ['after', 0.25, 120],
      ],
    );
    const during = asked.find(
      (u) => u.pathname.endsWith('/latencies') && u.searchParams.get('lookback') === '20000',
    );
    assert.equal(during?.searchParams.get('quantile'), '0.95');
    assert.equal(during?.searchParams.get('service'), 'user-service');
    const lines = metricsLines(m).join('\n');
    assert.match(lines, /\| during \| 10:00:10-10:00:30 \| 25\.0 % \| 120 \|/);
    assert.match(lines, /\/monitor\?service=user-service/);
  });

  it('says why when the metrics are unavailable, without failing', async () => {
    const m = await readChaosMetrics({
      startedAt: started,
      phases,
      actions,
      jaeger: { url: 'http://127.0.0.1:1' },
    });
    assert.match(m.unavailable ?? '', /could not reach Jaeger's metrics API/);
    assert.match(metricsLines(m).join('\n'), /metrics unavailable/);
  });
});
