import {
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { contextWithRequest, isValidCorrelationId, requestContext } from '@suite/correlation';
import type { JaegerTracer } from 'jaeger-client';
import { FORMAT_HTTP_HEADERS } from 'opentracing';
import type { LegacyHeadersCodec } from './legacy-codec';
import { JAEGER_REMOTE_CONTEXT, jaegerParentOf, otelSpanContextOf } from './opentracing-bridge';
import type { JaegerSpanContext } from './legacy-codec';

/**
 * The correlation id as jaeger-client baggage. jaeger-client normalises baggage keys (lower case, `_`
 * to `-`), so `span.getBaggageItem('app.correlation_id')` in a jaeger-client service finds this one.
 */
export const JAEGER_CORRELATION_BAGGAGE_KEY = 'app.correlation-id';

/**
 * OpenTelemetry's propagation API, answered by jaeger-client's own inject/extract (its codecs, its
 * `uberctx-` baggage), so the http instrumentation and HttpJsonClient of a legacy process read and
 * write exactly the headers a jaeger-client service would. The correlation id rides as jaeger
 * baggage `uberctx-app.correlation-id` too; `x-correlation-id` stays CorrelationIdPropagator's job.
 */
export class JaegerClientPropagator implements TextMapPropagator {
  constructor(
    private readonly tracer: JaegerTracer,
    private readonly codec: LegacyHeadersCodec,
  ) {}

  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    let spanContext = jaegerParentOf(ctx);
    if (!spanContext) return;
    const { correlationId } = requestContext(ctx);
    if (correlationId && spanContext.baggage[JAEGER_CORRELATION_BAGGAGE_KEY] !== correlationId)
      spanContext = spanContext.withBaggageItem(JAEGER_CORRELATION_BAGGAGE_KEY, correlationId);
    const headers: Record<string, string> = {};
    this.tracer.inject(spanContext, FORMAT_HTTP_HEADERS, headers);
    for (const [key, value] of Object.entries(headers)) setter.set(carrier, key, value);
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const headers: Record<string, string> = {};
    for (const key of getter.keys(carrier)) {
      const value = getter.get(carrier, key);
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(',') : value;
    }
    const extracted = this.tracer.extract(FORMAT_HTTP_HEADERS, headers) as JaegerSpanContext | null;
    if (!extracted) return ctx;
    let next = ctx;
    // A jaeger-client caller sends the id as baggage only; the correlation propagator after this one
    // still prefers an `x-correlation-id` header.
    const fromBaggage = extracted.baggage[JAEGER_CORRELATION_BAGGAGE_KEY];
    if (isValidCorrelationId(fromBaggage) && !requestContext(next).correlationId)
      next = contextWithRequest(next, { correlationId: fromBaggage });
    if (!extracted.isValid) return next;
    return trace.setSpanContext(
      next.setValue(JAEGER_REMOTE_CONTEXT, extracted),
      otelSpanContextOf(extracted, true),
    );
  }

  fields(): string[] {
    return this.codec.fields();
  }
}
