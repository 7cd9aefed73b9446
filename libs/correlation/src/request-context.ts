import { context, createContextKey, type Context } from '@opentelemetry/api';
import { contextWithCorrelationId, correlationIdFrom } from './correlation-id';
import type { Deadline } from './deadline';

const DEADLINE_KEY = createContextKey('@suite/correlation.deadline');

/**
 * What every hop needs to know about the request it is serving, carried by the OpenTelemetry
 * context (set once by requestContextMiddleware, on the way in):
 * - correlationId: in W3C baggage, so propagators send it on to every downstream call;
 * - deadline: when nobody needs the answer any more; outgoing calls forward what is left of it.
 */
export interface RequestContext {
  readonly correlationId?: string;
  readonly deadline?: Deadline;
}

/** The one way to read the request context: the active one, or the one of `ctx`. */
export function requestContext(ctx: Context = context.active()): RequestContext {
  const correlationId = correlationIdFrom(ctx);
  const deadline = ctx.getValue(DEADLINE_KEY) as Deadline | undefined;
  return {
    ...(correlationId !== undefined ? { correlationId } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  };
}

/** `ctx` with the given parts of the request context replaced; the others are kept. */
export function contextWithRequest(ctx: Context, values: RequestContext): Context {
  let next = ctx;
  if (values.correlationId !== undefined)
    next = contextWithCorrelationId(next, values.correlationId);
  if (values.deadline !== undefined) next = next.setValue(DEADLINE_KEY, values.deadline);
  return next;
}
