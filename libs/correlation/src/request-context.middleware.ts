import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ROOT_CONTEXT,
  context,
  isSpanContextValid,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { CORRELATION_HEADER, correlationIdFrom, resolveCorrelationId } from './correlation-id';
import { DEADLINE_HEADER, Deadline, parseDeadlineHeader } from './deadline';
import { ensureContextManager } from './fallback-context-manager';
import { contextWithRequest } from './request-context';

/** W3C Trace Context Level 2 `traceresponse`: tells the caller which trace its request became. */
export function formatTraceResponse(spanContext: SpanContext): string {
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Sets the request context once, on the way in, and runs the rest of the request in it:
 * - the correlation id: the one CorrelationIdPropagator settled before the server span started, or
 *   (tracing off) the caller's valid header, else a new one; echoed as `x-correlation-id`;
 * - the deadline: the caller's `x-deadline-ms` from now (none without it), which also fires when the
 *   client hangs up; the budget lands on the SERVER span.
 * The response also carries `traceresponse`. Read both with requestContext().
 */
export function requestContextMiddleware(): Middleware {
  ensureContextManager();
  return (req, res, next) => {
    const active = context.active();
    const correlationId =
      correlationIdFrom(active) ??
      resolveCorrelationId(req.headers[CORRELATION_HEADER], ROOT_CONTEXT).correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    const span = trace.getActiveSpan();
    const spanContext = span?.spanContext();
    if (spanContext && isSpanContextValid(spanContext)) {
      res.setHeader('traceresponse', formatTraceResponse(spanContext));
    }

    const hangUp = new AbortController();
    const budget = parseDeadlineHeader(req.headers[DEADLINE_HEADER]);
    const deadline =
      budget === undefined ? Deadline.none(hangUp.signal) : Deadline.after(budget, hangUp.signal);
    res.once('close', () => {
      if (!res.writableFinished) hangUp.abort(new DOMException('client hung up', 'AbortError'));
      deadline.release();
    });
    if (budget !== undefined) span?.setAttribute('app.deadline.remaining_ms', budget);

    context.with(contextWithRequest(active, { correlationId, deadline }), next);
  };
}

/**
 * Wraps a middleware that calls `next` from a stream event (a body parser): the rest of the request
 * then still runs in the request context, not in the context of the socket that delivered the body.
 */
export function continueInRequestContext<R, S>(
  middleware: (req: R, res: S, next: (error?: unknown) => void) => void,
): (req: R, res: S, next: (error?: unknown) => void) => void {
  return (req, res, next) => middleware(req, res, context.bind(context.active(), next));
}
