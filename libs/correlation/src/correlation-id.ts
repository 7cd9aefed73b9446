import { randomUUID } from 'node:crypto';
import { context, propagation, type Context } from '@opentelemetry/api';

export const CORRELATION_HEADER = 'x-correlation-id';
/** The W3C baggage key that carries the id to every downstream hop. */
export const CORRELATION_BAGGAGE_KEY = 'app.correlation_id';
/** The span attribute every span of every service carries (search it in Jaeger's Tags box). */
export const CORRELATION_ATTRIBUTE = 'app.correlation_id';

// Bounded and boring on purpose: the id ends up in logs, headers and span tags.
const VALID_CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && VALID_CORRELATION_ID.test(value);
}

export function newCorrelationId(): string {
  return randomUUID();
}

export function correlationIdFrom(ctx: Context = context.active()): string | undefined {
  const value = propagation.getBaggage(ctx)?.getEntry(CORRELATION_BAGGAGE_KEY)?.value;
  return isValidCorrelationId(value) ? value : undefined;
}

export function contextWithCorrelationId(ctx: Context, correlationId: string): Context {
  const baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
  return propagation.setBaggage(
    ctx,
    baggage.setEntry(CORRELATION_BAGGAGE_KEY, { value: correlationId }),
  );
}

export type CorrelationSource = 'header' | 'baggage' | 'generated';

/** The caller's id when it sent a valid one (header first, then baggage); a new one otherwise. */
export function resolveCorrelationId(
  headerValue: string | string[] | undefined,
  ctx: Context,
): { correlationId: string; source: CorrelationSource } {
  const header = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  if (isValidCorrelationId(header)) return { correlationId: header, source: 'header' };
  const fromBaggage = correlationIdFrom(ctx);
  if (fromBaggage) return { correlationId: fromBaggage, source: 'baggage' };
  return { correlationId: newCorrelationId(), source: 'generated' };
}
