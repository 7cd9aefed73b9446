import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import {
  CORRELATION_HEADER,
  contextWithCorrelationId,
  correlationIdFrom,
  resolveCorrelationId,
} from './correlation-id';

/**
 * Carries the correlation id in `x-correlation-id` as well as in baggage. On extract it guarantees an
 * id (the caller's valid header, else its baggage, else a new one) before the server span starts, so
 * the server span, its logs and everything downstream carry the same id. Place it after the W3C
 * baggage propagator.
 */
export class CorrelationIdPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const correlationId = correlationIdFrom(context);
    if (correlationId) setter.set(carrier, CORRELATION_HEADER, correlationId);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const { correlationId } = resolveCorrelationId(
      getter.get(carrier, CORRELATION_HEADER),
      context,
    );
    return contextWithCorrelationId(context, correlationId);
  }

  fields(): string[] {
    return [CORRELATION_HEADER];
  }
}
