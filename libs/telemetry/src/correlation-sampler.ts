import {
  propagation,
  type Attributes,
  type Context,
  type Link,
  type SpanKind,
} from '@opentelemetry/api';
import { CORRELATION_ATTRIBUTE, requestContext } from '@suite/correlation';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Baggage entries copied verbatim onto every span, so Jaeger's tag search finds them: the chaos
 * experiment a request belongs to, and the marker of generated (synthetic) traffic.
 */
export const BAGGAGE_SPAN_ATTRIBUTES = ['chaos.experiment', 'app.synthetic'] as const;
const SAFE_VALUE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Stamps `app.correlation_id` (and the BAGGAGE_SPAN_ATTRIBUTES) from the parent context's baggage on every span as it starts.
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
    const extra: Attributes = {};
    const { correlationId } = requestContext(parentContext);
    if (correlationId) extra[CORRELATION_ATTRIBUTE] = correlationId;
    const baggage = propagation.getBaggage(parentContext);
    for (const key of BAGGAGE_SPAN_ATTRIBUTES) {
      const value = baggage?.getEntry(key)?.value;
      // Bounded and boring, like the correlation id: it lands in span tags.
      if (value !== undefined && SAFE_VALUE.test(value)) extra[key] = value;
    }
    if (Object.keys(extra).length === 0) return result;
    return { ...result, attributes: { ...result.attributes, ...extra } };
  }

  toString(): string {
    return `CorrelationAttributeSampler{${this.delegate.toString()}}`;
  }
}
