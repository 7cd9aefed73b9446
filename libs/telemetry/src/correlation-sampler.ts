import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { CORRELATION_ATTRIBUTE, correlationIdFrom } from '@suite/correlation';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Stamps `app.correlation_id` from the parent context's baggage on every span as it starts.
 *
 * A sampler, not a span processor: it is the one hook that sees the parent context at span start and
 * may add attributes, and it leaves the SDK's env-configured exporters alone (handing NodeSDK a list
 * of span processors would drop them).
 */
export class CorrelationAttributeSampler implements Sampler {
  constructor(private readonly delegate: Sampler) {}

  shouldSample(
    parentContext: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this.delegate.shouldSample(
      parentContext,
      traceId,
      spanName,
      spanKind,
      attributes,
      links,
    );
    const correlationId = correlationIdFrom(parentContext);
    if (!correlationId) return result;
    return {
      ...result,
      attributes: { ...result.attributes, [CORRELATION_ATTRIBUTE]: correlationId },
    };
  }

  toString(): string {
    return `CorrelationAttributeSampler{${this.delegate.toString()}}`;
  }
}
