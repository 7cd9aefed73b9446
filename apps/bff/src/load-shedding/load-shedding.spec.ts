import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { startTestTelemetry } from '@suite/testing';

const telemetry = startTestTelemetry('bff');
process.env['LOG_LEVEL'] = 'silent';
process.env['DATA_DIR'] = ':memory:';
process.env['MAX_IN_FLIGHT'] = '2';

import nock from 'nock';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@suite/service-kit';
import type { Server } from 'node:http';

const DOWNSTREAMS: [string, string, unknown][] = [
  [
    'http://127.0.0.1:3001',
    '/users/42',
    { id: '42', name: 'Ada', email: 'a@example.test', tier: 'gold', memberSince: '2020-01-01' },
  ],
  ['http://127.0.0.1:3002', '/users/42/orders', { userId: '42', orders: [] }],
  ['http://127.0.0.1:3003', '/users/42/points', { userId: '42', points: 1, tier: 'bronze' }],
  [
    'http://127.0.0.1:3004',
    '/users/42/recommendations',
    { userId: '42', source: 'personalised', items: [] },
  ],
];

describe('BFF load shedding (MAX_IN_FLIGHT=2, downstreams mocked with nock)', () => {
  let app: INestApplication;
  let base: string;
  let calls = 0;
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();

  /** Every downstream answers only when the gate opens, so requests stay in flight as long as the test wants. */
  function holdDownstreams(): void {
    gate = new Promise((resolve) => (release = resolve));
    for (const [origin, path, body] of DOWNSTREAMS) {
      nock(origin)
        .get((uri) => uri.startsWith(path))
        .times(10)
        .reply(async () => {
          calls++;
          await gate;
          return [200, body as nock.ReplyBody];
        });
    }
  }

  before(async () => {
    const { AppModule } = await import('../app.module.js');
    app = await createServiceApp(AppModule, { serviceName: 'bff' });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    nock.disableNetConnect();
    nock.enableNetConnect(new URL(base).host);
  });

  after(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    (app.getHttpServer() as Server).closeAllConnections();
    await app.close();
  });

  it('sheds a request past the limit with a 503 before any service call, and takes new ones once a slot frees', async () => {
    holdDownstreams();
    const held = [1, 2].map(() => fetch(`${base}/api/users/42/dashboard`));
    while (calls < 8) await new Promise((resolve) => setTimeout(resolve, 5));

    telemetry.reset();
    const shed = await fetch(`${base}/api/users/42/dashboard`);
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get('retry-after'), '1');
    const body = (await shed.json()) as { message: string };
    assert.match(body.message, /limit of 2 requests in flight \(MAX_IN_FLIGHT\)/);
    assert.equal(calls, 8, 'the shed request called no service');
    // The span ends as the answer leaves: give it a moment to reach the in-memory exporter.
    const shedSpanNow = () =>
      telemetry.spans().find((s) => s.events.some((e) => e.name === 'load shed'));
    for (let i = 0; i < 100 && !shedSpanNow(); i++) await new Promise((r) => setTimeout(r, 10));
    const shedSpan = shedSpanNow();
    assert.ok(shedSpan, 'the shed request has a "load shed" event on its span');
    assert.equal(shedSpan.attributes['app.bff.in_flight'], 2);

    const health = await fetch(`${base}/health/live`);
    assert.equal(health.status, 200, 'probes are never shed');

    release();
    for (const response of await Promise.all(held)) assert.equal(response.status, 200);
    const after = await fetch(`${base}/api/users/42/dashboard`);
    assert.equal(after.status, 200, 'slots are given back when responses close');
  });
});
