// GET /api/traces/:traceId and the Jaeger UI detection of /api/config, with nock standing in for
// Jaeger (this BFF component alone; the browser test runs it against a stand-in Jaeger server).
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const JAEGER = 'http://jaeger.nock:16686';
process.env['LOG_LEVEL'] = 'silent';
process.env['DATA_DIR'] = ':memory:';
process.env['JAEGER_UI_URL'] = 'http://localhost:16686';
process.env['JAEGER_QUERY_URL'] = JAEGER;

import nock from 'nock';
import { createServiceApp } from '@suite/service-kit';
import { serveOnLoopback, type LoopbackApp } from '@suite/testing';
import { JaegerTraceView, PLACEHOLDER_MARK } from './jaeger-trace-view';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Two spans as Jaeger's query API returns them: the BFF's server span and one client call. */
function jaegerTrace(traceId: string) {
  const tag = (key: string, value: string | number) => ({ key, type: 'string', value });
  return {
    data: [
      {
        traceID: traceId,
        processes: { p1: { serviceName: 'bff' } },
        spans: [
          {
            traceID: traceId,
            spanID: 'b000000000000002',
            operationName: 'GET user-service /users/:userId',
            references: [{ refType: 'CHILD_OF', traceID: traceId, spanID: 'a000000000000001' }],
            startTime: 1_000_100,
            duration: 40_000,
            tags: [tag('span.kind', 'client')],
            logs: [],
            processID: 'p1',
          },
          {
            traceID: traceId,
            spanID: 'a000000000000001',
            operationName: 'GET /api/users/:userId/dashboard',
            references: [],
            startTime: 1_000_000,
            duration: 90_000,
            tags: [tag('span.kind', 'server'), tag('http.response.status_code', 200)],
            logs: [],
            processID: 'p1',
          },
        ],
      },
    ],
    errors: null,
  };
}

describe('GET /api/traces/:traceId (Jaeger mocked with nock)', () => {
  let app: LoopbackApp;

  before(async () => {
    const { AppModule } = await import('../app.module.js');
    app = await serveOnLoopback(await createServiceApp(AppModule, { serviceName: 'bff' }));
    nock.disableNetConnect();
    nock.enableNetConnect(new URL(app.base).host);
  });

  after(async () => {
    nock.enableNetConnect();
    await app.stop();
  });

  afterEach(() => nock.cleanAll());

  it('answers the trace as the span model, root first, with each span’s depth', async () => {
    nock(JAEGER).get(`/api/traces/${TRACE_ID}`).reply(200, jaegerTrace(TRACE_ID));
    const reply = await app.send<{ traceId: string; spans: Record<string, unknown>[] }>(
      'GET',
      `/api/traces/${TRACE_ID.toUpperCase()}`,
    );
    assert.equal(reply.status, 200);
    assert.equal(reply.body.traceId, TRACE_ID);
    assert.deepEqual(
      reply.body.spans.map((s) => [s['depth'], s['service'], s['kind'], s['name']]),
      [
        [0, 'bff', 'server', 'GET /api/users/:userId/dashboard'],
        [1, 'bff', 'client', 'GET user-service /users/:userId'],
      ],
    );
    assert.equal(reply.body.spans[1]?.['parentSpanId'], 'a000000000000001');
  });

  for (const bad of ['123', 'g'.repeat(32), `${'a'.repeat(32)}0`, '..%2F..%2Fapi%2Fservices']) {
    it(`refuses "${bad}" with 400 and never asks Jaeger`, async () => {
      const asked = nock(JAEGER).get(/.*/).reply(200, {});
      const reply = await app.send<{ message: string }>('GET', `/api/traces/${bad}`);
      assert.equal(reply.status, 400);
      assert.match(reply.body.message, /not a trace id: use the 32 hex characters/);
      assert.equal(asked.isDone(), false);
    });
  }

  it('answers 404 with what to do while Jaeger does not have the trace', async () => {
    nock(JAEGER)
      .get(`/api/traces/${TRACE_ID}`)
      .reply(404, { data: null, errors: [{ code: 404, msg: 'trace not found' }] });
    const reply = await app.send<{ message: string }>('GET', `/api/traces/${TRACE_ID}`);
    assert.equal(reply.status, 404);
    assert.match(reply.body.message, /not in Jaeger .* \(yet\).*try again/);
  });

  it('answers 503 with what to do when Jaeger cannot be reached', async () => {
    nock(JAEGER).get(`/api/traces/${TRACE_ID}`).replyWithError('connect ECONNREFUSED');
    const reply = await app.send<{ message: string }>('GET', `/api/traces/${TRACE_ID}`);
    assert.equal(reply.status, 503);
    assert.match(reply.body.message, /cannot reach Jaeger at http:\/\/jaeger\.nock:16686/);
    assert.match(reply.body.message, /docker compose up.*JAEGER_QUERY_URL/);
  });

  it('tells the page that Jaeger serves its placeholder UI, asking Jaeger once', async () => {
    const root = nock(JAEGER)
      .get('/')
      .once()
      .reply(200, `<html><h1>🥋: ${PLACEHOLDER_MARK}!</h1></html>`);
    for (let i = 0; i < 3; i++) {
      const reply = await app.send<{ jaegerUi: string; jaegerUiUrl: string }>('GET', '/api/config');
      assert.equal(reply.status, 200);
      assert.equal(reply.body.jaegerUi, 'placeholder');
      assert.equal(reply.body.jaegerUiUrl, 'http://localhost:16686');
    }
    assert.ok(root.isDone());
  });
});

describe('JaegerTraceView.uiKind', () => {
  afterEach(() => nock.cleanAll());

  it('tells the real UI from the placeholder, and says when Jaeger does not answer', async () => {
    nock('http://full.nock:16686').get('/').reply(200, '<html><title>Jaeger UI</title></html>');
    assert.equal(await new JaegerTraceView('http://full.nock:16686').uiKind(), 'full');
    nock('http://down.nock:16686').get('/').replyWithError('connect ECONNREFUSED');
    assert.equal(await new JaegerTraceView('http://down.nock:16686').uiKind(), 'unreachable');
  });
});
