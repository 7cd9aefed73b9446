import {
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context as contextApi,
  createContextKey,
  trace,
  type Attributes,
  type Context,
  type Exception,
  type Link,
  type Span,
  type SpanAttributeValue,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type TimeInput,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { hrTimeToMilliseconds, timeInputToHrTime } from '@opentelemetry/core';
import { CORRELATION_ATTRIBUTE, requestContext } from '@suite/correlation';
import jaegerClient, { type JaegerTracer } from 'jaeger-client';
import type * as opentracing from 'opentracing';
import type { JaegerSpanContext } from './legacy-codec';

// Exported at runtime by jaeger-client, missing from its @types.
const { SpanContext: JaegerSpanContextClass } = jaegerClient as unknown as {
  SpanContext: {
    withStringIds(
      traceIdStr: string,
      spanIdStr: string,
      parentIdStr: string | null,
      flags: number,
    ): JaegerSpanContext;
  };
};

/** The span context jaeger-client extracted from a request, kept beside OpenTelemetry's view of it. */
export const JAEGER_REMOTE_CONTEXT = createContextKey(
  '@suite/telemetry jaeger-client remote context',
);

/** jaeger-client drops leading zeros; OpenTelemetry ids are fixed-width (a 64-bit trace id pads left). */
export const toOtelTraceId = (id: string): string => id.padStart(32, '0');
export const toOtelSpanId = (id: string): string => id.padStart(16, '0');

/** The jaeger-client span context that a span started in `ctx` should be a child of, if any. */
export function jaegerParentOf(ctx: Context): JaegerSpanContext | undefined {
  const span = trace.getSpan(ctx);
  if (span instanceof JaegerBackedSpan) return span.jaegerContext();
  const parent = span?.spanContext();
  if (!parent || !trace.isSpanContextValid(parent)) return undefined;
  const remote = ctx.getValue(JAEGER_REMOTE_CONTEXT) as JaegerSpanContext | undefined;
  if (remote && otelSpanContextOf(remote, true).spanId === parent.spanId) return remote;
  // A parent made elsewhere (a W3C one set by hand, say): the same ids, as jaeger-client sees them.
  return JaegerSpanContextClass.withStringIds(
    parent.traceId,
    parent.spanId,
    null,
    parent.traceFlags & TraceFlags.SAMPLED ? 1 : 0,
  );
}

export function otelSpanContextOf(jaeger: JaegerSpanContext, isRemote = false): SpanContext {
  return {
    traceId: toOtelTraceId(jaeger.traceIdStr ?? ''),
    spanId: toOtelSpanId(jaeger.spanIdStr ?? ''),
    traceFlags: jaeger.isSampled() ? TraceFlags.SAMPLED : TraceFlags.NONE,
    ...(isRemote ? { isRemote } : {}),
  };
}

const KIND_TAG: Record<SpanKind, string> = {
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
  [SpanKind.INTERNAL]: 'internal',
};

/** Sub-millisecond, like the OpenTelemetry SDK (jaeger-client's own clock is Date.now()). */
function millis(time: TimeInput | undefined): number {
  return time === undefined
    ? performance.timeOrigin + performance.now()
    : hrTimeToMilliseconds(timeInputToHrTime(time));
}

function defined(attributes: Attributes | undefined): Record<string, SpanAttributeValue> {
  const tags: Record<string, SpanAttributeValue> = {};
  for (const [key, value] of Object.entries(attributes ?? {}))
    if (value !== undefined && value !== null) tags[key] = value;
  return tags;
}

/**
 * An OpenTelemetry span that is a jaeger-client span underneath: every call lands on the OpenTracing
 * span, which jaeger-client reports over Thrift when it ends.
 */
export class JaegerBackedSpan implements Span {
  private ended = false;

  constructor(private readonly span: opentracing.Span) {}

  jaegerContext(): JaegerSpanContext {
    return this.span.context() as JaegerSpanContext;
  }

  spanContext(): SpanContext {
    return otelSpanContextOf(this.jaegerContext());
  }

  setAttribute(key: string, value: SpanAttributeValue): this {
    if (value !== undefined && value !== null) this.span.setTag(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.span.addTags(defined(attributes));
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    const isTime =
      typeof attributesOrTime === 'number' ||
      attributesOrTime instanceof Date ||
      Array.isArray(attributesOrTime);
    const attributes = isTime ? {} : defined(attributesOrTime);
    this.span.log(
      { event: name, ...attributes },
      millis(isTime ? (attributesOrTime as TimeInput) : time),
    );
    return this;
  }

  // OpenTracing references are fixed when a span starts; links added later have nowhere to go.
  addLink(_link: Link): this {
    return this;
  }

  addLinks(_links: Link[]): this {
    return this;
  }

  /** Jaeger marks failed spans with the `error` tag; the status code stays readable as in OTLP. */
  setStatus(status: SpanStatus): this {
    if (status.code === SpanStatusCode.ERROR) {
      this.span.setTag('error', true);
      this.span.setTag('otel.status_code', 'ERROR');
      if (status.message) this.span.setTag('otel.status_description', status.message);
    } else if (status.code === SpanStatusCode.OK) {
      this.span.setTag('otel.status_code', 'OK');
    }
    return this;
  }

  updateName(name: string): this {
    this.span.setOperationName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.span.finish(millis(endTime));
  }

  isRecording(): boolean {
    return !this.ended && this.jaegerContext().isSampled();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const fields: Record<string, string> =
      typeof exception === 'string'
        ? { 'exception.message': exception }
        : {
            'exception.type': String(exception.name ?? exception.code ?? 'Error'),
            ...(exception.message ? { 'exception.message': exception.message } : {}),
            ...(exception.stack ? { 'exception.stacktrace': exception.stack } : {}),
          };
    this.span.log({ event: 'exception', ...fields }, millis(time));
  }
}

/**
 * The reverse of OpenTelemetry's OpenTracing shim: an OpenTelemetry Tracer whose spans are made by
 * a jaeger-client tracer. Instrumentations and code written against @opentelemetry/api (http,
 * express, Nest, TracedDatabase, HttpJsonClient) then produce jaeger-client spans unchanged.
 */
export class JaegerBackedTracer implements Tracer {
  constructor(private readonly jaeger: JaegerTracer) {}

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = contextApi.active()): Span {
    const parent = options.root ? undefined : jaegerParentOf(ctx);
    const tags: Record<string, SpanAttributeValue> = {
      'span.kind': KIND_TAG[options.kind ?? SpanKind.INTERNAL],
      ...defined(options.attributes),
    };
    // What CorrelationAttributeSampler does for OpenTelemetry processes: every span carries the id.
    const { correlationId } = requestContext(ctx);
    if (correlationId) tags[CORRELATION_ATTRIBUTE] = correlationId;
    const span = this.jaeger.startSpan(name, {
      ...(parent ? { childOf: parent } : {}),
      tags,
      startTime: millis(options.startTime),
    });
    return new JaegerBackedSpan(span);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    ctx: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : {};
    const parent = rest.length > 2 ? (rest[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}

export class JaegerTracerProvider implements TracerProvider {
  private readonly tracer: JaegerBackedTracer;

  constructor(jaeger: JaegerTracer) {
    this.tracer = new JaegerBackedTracer(jaeger);
  }

  /** One jaeger-client tracer per process: the instrumentation scope has no Jaeger equivalent. */
  getTracer(): Tracer {
    return this.tracer;
  }
}
