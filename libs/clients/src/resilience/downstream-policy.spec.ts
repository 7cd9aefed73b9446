import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import nock from 'nock';
import { z } from 'zod';
import { DownstreamError } from '../downstream-error';
import { Deadline } from '@suite/correlation';
import { HttpJsonClient } from '../http/http-json-client';
import { DownstreamPolicy } from './downstream-policy';
import type { PolicySettings } from './policy-config';

Logger.overrideLogger(false);
// A real SDK (AsyncLocalStorage context, in-memory export) so span events land where they would in prod.
process.env['OTEL_METRICS_EXPORTER'] = 'none';
process.env['OTEL_LOGS_EXPORTER'] = 'none';
const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: 'policy-test',
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  instrumentations: [],
});
sdk.start();
const tracer = trace.getTracer('policy-test');
after(() => sdk.shutdown());

const Answer = z.object({ ok: z.boolean() });
let port = 40000;

/** A client with its own policy on an origin of its own, so tests never share a breaker. */
function downstream(overrides: Partial<PolicySettings> = {}) {
  const origin = `http://127.0.0.1:${port++}`;
  const settings: PolicySettings = {
    service: 'test-service',
    url: origin,
    timeoutMs: 500,
    retries: 2,
    retryBaseMs: 5,
    retryMaxMs: 20,
    breakerFailures: 3,
    breakerHalfOpenMs: 60_000,
    bulkheadLimit: 8,
    bulkheadQueue: 8,
    ...overrides,
  };
  const policy = new DownstreamPolicy(settings);
  const client = new HttpJsonClient('test-service', {
    url: settings.url,
    timeoutMs: settings.timeoutMs,
    policy,
  });
  const get = (options: { deadline?: Deadline } = {}) =>
    client.call({ method: 'GET', template: '/thing', schema: Answer }, options);
  const post = () =>
    client.call({ method: 'POST', template: '/thing', body: { a: 1 }, schema: Answer });
  return { origin, policy, client, get, post };
}

/** Runs `work` under a parent span and returns the CLIENT spans it produced. */
async function traced(work: () => Promise<unknown>): Promise<{
  error?: unknown;
  value?: unknown;
  calls: ReadableSpan[];
}> {
  exporter.reset();
  const parent = tracer.startSpan('handler');
  let outcome: { error?: unknown; value?: unknown };
  try {
    outcome = { value: await context.with(trace.setSpan(context.active(), parent), work) };
  } catch (error) {
    outcome = { error };
  }
  parent.end();
  // SimpleSpanProcessor may export a beat later (it awaits the resource's async attributes).
  const parentId = parent.spanContext().spanId;
  for (let i = 0; i < 100; i++) {
    if (exporter.getFinishedSpans().some((s) => s.spanContext().spanId === parentId)) break;
    await sleep(10);
  }
  const calls = exporter
    .getFinishedSpans()
    .filter(
      (s) => s.kind === SpanKind.CLIENT && s.spanContext().traceId === parent.spanContext().traceId,
    )
    .sort(
      (a, b) =>
        Number(a.attributes['app.retry.attempt']) - Number(b.attributes['app.retry.attempt']),
    );
  for (const call of calls) {
    assert.equal(
      call.parentSpanContext?.spanId,
      parent.spanContext().spanId,
      'attempts are siblings',
    );
  }
  return { ...outcome, calls };
}

function failure(error: unknown): DownstreamError {
  assert.ok(error instanceof DownstreamError, `expected a DownstreamError, got ${String(error)}`);
  return error;
}

describe('downstream policy (retry, breaker, bulkhead, timeout) over HttpJsonClient', () => {
  before(() => nock.disableNetConnect());
  beforeEach(() => nock.cleanAll());
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('retries a GET after transient failures and succeeds, one CLIENT span per attempt', async () => {
    const { origin, get } = downstream();
    const scope = nock(origin).get('/thing').times(2).reply(503, { message: 'busy' });
    scope.get('/thing').reply(200, { ok: true });
    const { value, calls } = await traced(get);
    assert.deepEqual(value, { ok: true });
    assert.ok(scope.isDone());
    assert.deepEqual(
      calls.map((c) => c.attributes['app.retry.attempt']),
      [0, 1, 2],
    );
    assert.equal(
      calls[0]!.events.find((e) => e.name === 'retry'),
      undefined,
    );
    for (const call of calls.slice(1)) {
      const retry = call.events.find((e) => e.name === 'retry');
      assert.ok(retry, 'a retry attempt says so');
      assert.equal(typeof retry.attributes?.['app.retry.delay_ms'], 'number');
      assert.ok(Number(retry.attributes?.['app.retry.delay_ms']) <= 20, 'capped at retryMaxMs');
    }
    assert.deepEqual(
      calls.map((c) => c.attributes['error.type']),
      ['503', '503', undefined],
    );
  });

  it('gives up after the configured retries with the last error', async () => {
    const { origin, get } = downstream({ breakerFailures: 10 });
    const scope = nock(origin).get('/thing').times(3).reply(503, { message: 'still busy' });
    const spare = nock(origin).get('/thing').reply(200, { ok: true });
    const { error, calls } = await traced(get);
    assert.equal(failure(error).status, 503);
    assert.match(failure(error).message, /still busy/);
    assert.ok(scope.isDone());
    assert.equal(spare.isDone(), false, 'no fourth attempt');
    assert.equal(calls.length, 3);
  });

  it('never retries a POST, and never retries a 4xx', async () => {
    const { origin, get, post } = downstream();
    const posted = nock(origin).post('/thing').reply(503, { message: 'busy' });
    const repeat = nock(origin).post('/thing').reply(200, { ok: true });
    const { error, calls } = await traced(post);
    assert.equal(failure(error).status, 503);
    assert.ok(posted.isDone());
    assert.equal(repeat.isDone(), false, 'the write was not sent twice');
    assert.equal(calls.length, 1);

    nock.cleanAll();
    const missing = nock(origin).get('/thing').reply(404, { message: 'no such thing' });
    const again = nock(origin).get('/thing').reply(200, { ok: true });
    assert.equal(failure((await traced(get)).error).isNotFound, true);
    assert.ok(missing.isDone());
    assert.equal(again.isDone(), false);
  });

  it('opens the breaker after N failed attempts, then refuses at once without a request', async () => {
    const { origin, get, policy } = downstream({ retries: 0, breakerFailures: 3 });
    nock(origin).get('/thing').times(3).reply(502, { message: 'bad gateway' });
    for (let i = 0; i < 2; i++) assert.equal(failure((await traced(get)).error).status, 502);
    const third = await traced(get);
    assert.equal(failure(third.error).status, 502);
    assert.ok(
      third.calls[0]!.events.some((e) => e.name === 'breaker.opened'),
      'the call that tripped it carries the transition',
    );
    assert.equal(policy.breakerState, 'open');

    const untouched = nock(origin).get('/thing').reply(200, { ok: true });
    const refused = await traced(get);
    assert.equal(failure(refused.error).failure, 'circuit-open');
    assert.match(failure(refused.error).message, /circuit breaker is open.*not sent/);
    // Median of a few, so one GC pause on a busy machine does not decide it.
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await get().catch(() => undefined);
      timings.push(performance.now() - started);
    }
    const median = timings.sort((a, b) => a - b)[2]!;
    assert.ok(median < 5, `short-circuit took ${median.toFixed(3)} ms`);
    assert.equal(untouched.isDone(), false, 'no request reached the service');
    assert.equal(refused.calls[0]!.attributes['app.breaker.state'], 'open');
    assert.equal(refused.calls[0]!.attributes['error.type'], 'circuit-open');
  });

  it('lets one probe through when half-open and closes again when it succeeds', async () => {
    const { origin, get, policy } = downstream({
      retries: 0,
      breakerFailures: 2,
      breakerHalfOpenMs: 50,
    });
    nock(origin).get('/thing').times(2).reply(500, { message: 'boom' });
    await traced(get);
    await traced(get);
    assert.equal(policy.breakerState, 'open');
    await sleep(60);
    nock(origin).get('/thing').reply(200, { ok: true });
    const probe = await traced(get);
    assert.deepEqual(probe.value, { ok: true });
    assert.equal(probe.calls[0]!.attributes['app.breaker.state'], 'half-open');
    assert.deepEqual(
      probe.calls[0]!.events.map((e) => e.name).filter((n) => n.startsWith('breaker.')),
      ['breaker.half_open', 'breaker.closed'],
    );
    assert.equal(policy.breakerState, 'closed');
  });

  it('refuses a call at once when the bulkhead is full', async () => {
    const { origin, get } = downstream({ bulkheadLimit: 1, bulkheadQueue: 0, retries: 0 });
    nock(origin).get('/thing').delay(100).reply(200, { ok: true });
    const untouched = nock(origin).get('/thing').reply(200, { ok: true });
    const first = get();
    const started = performance.now();
    const refused = await traced(get);
    assert.equal(failure(refused.error).failure, 'bulkhead-full');
    assert.ok(performance.now() - started < 50, 'refused, not queued');
    assert.ok(refused.calls[0]!.events.some((e) => e.name === 'bulkhead.rejected'));
    assert.equal(untouched.isDone(), false);
    assert.deepEqual(await first, { ok: true });
  });
});

describe('timeouts and deadlines over a real socket', () => {
  let server: Server;
  let origin: string;
  const seen: { headers: IncomingMessage['headers']; closedAfterMs?: number }[] = [];

  before(async () => {
    // Never answers: only a timeout ends the call, and 'close' proves the connection was dropped.
    server = createServer((req) => {
      const entry: (typeof seen)[number] = { headers: req.headers };
      const started = performance.now();
      seen.push(entry);
      req.socket.once('close', () => (entry.closedAfterMs = performance.now() - started));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    nock.enableNetConnect('127.0.0.1');
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function client(timeoutMs: number, retries = 0) {
    const policy = new DownstreamPolicy({
      service: 'slow-service',
      url: origin,
      timeoutMs,
      retries,
      retryBaseMs: 5,
      retryMaxMs: 20,
      breakerFailures: 100,
      breakerHalfOpenMs: 1000,
      bulkheadLimit: 8,
      bulkheadQueue: 8,
    });
    return new HttpJsonClient('slow-service', { url: origin, timeoutMs, policy });
  }

  it('times out and really cancels the request', async () => {
    seen.length = 0;
    const started = performance.now();
    const { error, calls } = await traced(() =>
      client(80).call({ method: 'GET', template: '/slow', schema: Answer }),
    );
    assert.equal(failure(error).failure, 'timeout');
    assert.ok(performance.now() - started < 300);
    assert.equal(calls[0]!.attributes['app.timeout_ms'], 80);
    assert.ok(calls[0]!.events.some((e) => e.name === 'timeout'));
    await sleep(20);
    assert.equal(seen[0]?.headers['x-deadline-ms'], '80', 'the service is told how long we wait');
    assert.ok(seen[0]?.closedAfterMs !== undefined, 'the connection was closed on timeout');
  });

  it('counts timeouts towards the breaker', async () => {
    const slow = new DownstreamPolicy({
      service: 'slow-service',
      url: origin,
      timeoutMs: 30,
      retries: 0,
      retryBaseMs: 5,
      retryMaxMs: 20,
      breakerFailures: 2,
      breakerHalfOpenMs: 60_000,
      bulkheadLimit: 8,
      bulkheadQueue: 8,
    });
    const http = new HttpJsonClient('slow-service', { url: origin, timeoutMs: 30, policy: slow });
    const call = () => http.call({ method: 'GET', template: '/slow', schema: Answer });
    await assert.rejects(call, (e) => failure(e).failure === 'timeout');
    await assert.rejects(call, (e) => failure(e).failure === 'timeout');
    assert.equal(slow.breakerState, 'open');
    await assert.rejects(call, (e) => failure(e).failure === 'circuit-open');
  });

  it('shortens the timeout to the budget left, forwards it, and does not retry without budget', async () => {
    seen.length = 0;
    const deadline = Deadline.after(60);
    const { error, calls } = await traced(() =>
      client(1000, 2).call({ method: 'GET', template: '/slow', schema: Answer }, { deadline }),
    );
    assert.equal(failure(error).failure, 'timeout');
    assert.match(failure(error).message, /left of the request's budget/);
    assert.equal(calls.length, 1, 'no retry: the budget could not afford one');
    assert.ok(Number(calls[0]!.attributes['app.deadline.remaining_ms']) <= 60);
    assert.ok(Number(seen[0]?.headers['x-deadline-ms']) <= 60);
  });
});
