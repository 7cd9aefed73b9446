// The seam between OpenTelemetry and jaeger-client, checked against jaeger-client itself: its own
// codecs read what our OpenTelemetry propagator writes, and the other way round.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
} from '@opentelemetry/api';
import { contextWithRequest, requestContext } from '@suite/correlation';
import jaegerClient from 'jaeger-client';
import { FORMAT_HTTP_HEADERS } from 'opentracing';
import { suitePropagator } from '../sdk';
import { createJaegerClientTracer, legacyPropagator } from './jaeger-telemetry';
import { JaegerTracerProvider } from './opentracing-bridge';

const jaeger = jaegerClient as any;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A plain jaeger-client tracer, as any jaeger-client service would build it, spans kept in memory. */
function plainJaegerClient(options: { b3: boolean; traceId128bit?: boolean }) {
  const reporter = new jaeger.InMemoryReporter();
  const tracer = jaeger.initTracer(
    { serviceName: 'plain-legacy', sampler: { type: 'const', param: 1 } },
    { reporter, traceId128bit: options.traceId128bit ?? false },
  );
  if (options.b3) {
    const codec = new jaeger.ZipkinB3TextMapCodec({ urlEncoding: true });
    tracer.registerInjector(FORMAT_HTTP_HEADERS, codec);
    tracer.registerExtractor(FORMAT_HTTP_HEADERS, codec);
  }
  return { tracer, reporter };
}

/** An OpenTelemetry caller's context: a sampled span and a correlation id. */
function otelCaller(correlationId = 'seam-test-0001') {
  const parent = { traceId: hex(16), spanId: hex(8), traceFlags: TraceFlags.SAMPLED };
  const ctx = contextWithRequest(trace.setSpanContext(ROOT_CONTEXT, parent), { correlationId });
  return { parent, ctx };
}

function inject(propagator: ReturnType<typeof suitePropagator>, ctx: Context) {
  const headers: Record<string, string> = {};
  propagator.inject(ctx, headers, defaultTextMapSetter);
  return headers;
}

const tagsOf = (span: any): Record<string, unknown> =>
  Object.fromEntries(span._tags.map((t: { key: string; value: unknown }) => [t.key, t.value]));

describe('OpenTelemetry -> jaeger-client', () => {
  it("writes B3 that jaeger-client's Zipkin codec reads as the same trace and parent", () => {
    const { parent, ctx } = otelCaller();
    const headers = inject(suitePropagator({}), ctx);
    assert.ok(headers['traceparent'], 'W3C trace context stays');
    assert.equal(headers['x-correlation-id'], 'seam-test-0001');

    const { tracer, reporter } = plainJaegerClient({ b3: true });
    const extracted = tracer.extract(FORMAT_HTTP_HEADERS, headers);
    assert.equal(extracted.traceIdStr, parent.traceId);
    assert.equal(extracted.spanIdStr, parent.spanId);
    assert.equal(extracted.isSampled(), true);
    tracer.startSpan('GET /users/:userId/points', { childOf: extracted }).finish();
    const [child] = reporter.spans;
    assert.equal(child.context().traceIdStr, parent.traceId, '128-bit trace id kept whole');
    assert.equal(child.context().parentIdStr, parent.spanId);
  });

  it('with TRACE_SEAM=broken sends W3C only, which jaeger-client cannot read: a new trace', () => {
    const { parent, ctx } = otelCaller();
    const headers = inject(suitePropagator({ TRACE_SEAM: 'broken' }), ctx);
    assert.deepEqual(
      Object.keys(headers).filter((k) => k.startsWith('x-b3-')),
      [],
    );
    const { tracer, reporter } = plainJaegerClient({ b3: false });
    const extracted = tracer.extract(FORMAT_HTTP_HEADERS, headers);
    tracer.startSpan('GET /users/:userId/points', { childOf: extracted }).finish();
    const [orphan] = reporter.spans;
    assert.notEqual(orphan.context().traceIdStr.padStart(32, '0'), parent.traceId);
    assert.ok(!orphan.context().parentIdStr, 'a root span');
  });
});

describe('jaeger-client -> OpenTelemetry', () => {
  for (const traceId128bit of [false, true]) {
    it(`reads what jaeger-client injects as B3 (${traceId128bit ? 128 : 64}-bit trace id)`, () => {
      const { tracer } = plainJaegerClient({ b3: true, traceId128bit });
      const span = tracer.startSpan('POST /accruals');
      const headers: Record<string, string> = {};
      tracer.inject(span.context(), FORMAT_HTTP_HEADERS, headers);

      const ctx = suitePropagator({}).extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const extracted = trace.getSpanContext(ctx)!;
      // jaeger-client drops leading zeros; a 64-bit id is the low half of OpenTelemetry's 128 bits.
      assert.equal(extracted.traceId, span.context().traceIdStr.padStart(32, '0'));
      assert.equal(extracted.spanId, span.context().spanIdStr.padStart(16, '0'));
      assert.equal(extracted.isRemote, true);
      assert.equal(extracted.traceFlags & TraceFlags.SAMPLED, TraceFlags.SAMPLED);
    });
  }
});

describe('jaeger-client ids without leading zeros', () => {
  it('are read as the same trace and parent (jaeger-client drops the zeros, B3 wants 16 digits)', () => {
    const { tracer } = plainJaegerClient({ b3: true });
    const shortIds = jaeger.SpanContext.withStringIds('ab1', 'f00d', null, 1);
    const headers: Record<string, string> = {};
    tracer.inject(shortIds, FORMAT_HTTP_HEADERS, headers);
    assert.equal(headers['x-b3-spanid'], 'f00d', 'jaeger-client writes the short form');

    const extracted = trace.getSpanContext(
      suitePropagator({}).extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    );
    assert.equal(extracted?.traceId, 'ab1'.padStart(32, '0'));
    assert.equal(extracted?.spanId, '000000000000f00d');
  });
});

describe('a legacy process (jaeger-client behind the OpenTelemetry API)', () => {
  function legacyProcess(seam: 'bridged' | 'broken') {
    const reporter = new jaeger.InMemoryReporter();
    const tracer = createJaegerClientTracer({ serviceName: 'loyalty-service', reporter, seam });
    return {
      reporter,
      propagator: legacyPropagator(tracer, seam),
      otel: new JaegerTracerProvider(tracer).getTracer(),
    };
  }

  it("continues an OpenTelemetry caller's trace: handler and query spans, correlation id on each", () => {
    const { parent, ctx: callerCtx } = otelCaller('seam-test-0002');
    const { reporter, propagator, otel } = legacyProcess('bridged');
    const ctx = propagator.extract(
      ROOT_CONTEXT,
      inject(suitePropagator({}), callerCtx),
      defaultTextMapGetter,
    );
    assert.equal(requestContext(ctx).correlationId, 'seam-test-0002', 'from x-correlation-id');

    const server = otel.startSpan('GET', { kind: SpanKind.SERVER }, ctx);
    server.updateName('GET /users/:userId/points');
    const inServer = trace.setSpan(ctx, server);
    const query = otel.startSpan(
      'SELECT accounts',
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'sqlite' } },
      inServer,
    );
    query.setStatus({ code: SpanStatusCode.ERROR, message: 'database is locked' });
    query.end();
    server.end();

    const [reportedQuery, reportedServer] = reporter.spans;
    assert.equal(reportedServer.operationName, 'GET /users/:userId/points');
    assert.equal(reportedServer.context().traceIdStr, parent.traceId);
    assert.equal(reportedServer.context().parentIdStr, parent.spanId);
    assert.equal(reportedQuery.context().parentIdStr, reportedServer.context().spanIdStr);
    assert.deepEqual(tagsOf(reportedServer)['span.kind'], 'server');
    assert.deepEqual(tagsOf(reportedQuery), {
      'span.kind': 'client',
      'db.system.name': 'sqlite',
      'app.correlation_id': 'seam-test-0002',
      error: true,
      'otel.status_code': 'ERROR',
      'otel.status_description': 'database is locked',
    });
    assert.equal(trace.getSpanContext(inServer)?.traceId, parent.traceId, 'logs see the trace id');
  });

  it('passes the trace on to OpenTelemetry and jaeger-client services alike, with the correlation id', () => {
    const { reporter, propagator, otel } = legacyProcess('bridged');
    const ctx = contextWithRequest(ROOT_CONTEXT, { correlationId: 'seam-test-0003' });
    const call = otel.startSpan('POST /accruals', { kind: SpanKind.CLIENT }, ctx);
    const headers = inject(propagator, trace.setSpan(ctx, call));
    call.end();
    const sent = reporter.spans[0].context();

    const otelSide = trace.getSpanContext(
      suitePropagator({}).extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    )!;
    assert.equal(otelSide.traceId, sent.traceIdStr.padStart(32, '0'));
    assert.equal(otelSide.spanId, sent.spanIdStr.padStart(16, '0'));
    const native = plainJaegerClient({ b3: false }).tracer.extract(FORMAT_HTTP_HEADERS, headers);
    assert.equal(native.spanIdStr, sent.spanIdStr, 'uber-trace-id for jaeger-client callees');
    assert.equal(native.baggage['app.correlation-id'], 'seam-test-0003', 'jaeger-client baggage');
    assert.equal(headers['x-correlation-id'], 'seam-test-0003');
  });

  it("takes the correlation id from a jaeger-client caller's baggage when no header came", () => {
    const { tracer } = plainJaegerClient({ b3: false });
    const span = tracer.startSpan('GET /users/:userId/points');
    span.setBaggageItem('app.correlation_id', 'from-jaeger-baggage-1');
    const headers: Record<string, string> = {};
    tracer.inject(span.context(), FORMAT_HTTP_HEADERS, headers);
    const { propagator } = legacyProcess('bridged');
    const ctx = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    assert.equal(requestContext(ctx).correlationId, 'from-jaeger-baggage-1');
    assert.equal(trace.getSpanContext(ctx)?.spanId, span.context().spanIdStr.padStart(16, '0'));
  });

  it('with TRACE_SEAM=broken ignores B3 and starts a trace of its own', () => {
    const { parent, ctx: callerCtx } = otelCaller();
    const { reporter, propagator, otel } = legacyProcess('broken');
    const ctx = propagator.extract(
      ROOT_CONTEXT,
      inject(suitePropagator({}), callerCtx),
      defaultTextMapGetter,
    );
    otel.startSpan('GET /users/:userId/points', { kind: SpanKind.SERVER }, ctx).end();
    const [root] = reporter.spans;
    assert.notEqual(root.context().traceIdStr.padStart(32, '0'), parent.traceId);
    assert.ok(!root.context().parentIdStr, 'a root span');
    assert.equal(tagsOf(root)['app.correlation_id'], 'seam-test-0001', 'still findable by id');
  });
});
