import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, isSpanContextValid, trace, type SpanContext } from '@opentelemetry/api';
import { CORRELATION_HEADER, correlationIdFrom, resolveCorrelationId } from './correlation-id';

export interface CorrelatedRequest extends IncomingMessage {
  correlationId?: string;
}

/** W3C Trace Context Level 2 `traceresponse`: tells the caller which trace its request became. */
export function formatTraceResponse(spanContext: SpanContext): string {
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * Echoes the request's correlation id and its `traceresponse` on the response. The id itself was
 * settled by CorrelationIdPropagator when the request came in; with tracing off, it is settled here.
 */
export function correlationMiddleware() {
  return (req: CorrelatedRequest, res: ServerResponse, next: () => void): void => {
    const correlationId =
      correlationIdFrom() ??
      resolveCorrelationId(req.headers[CORRELATION_HEADER], ROOT_CONTEXT).correlationId;
    req.correlationId = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    const spanContext = trace.getActiveSpan()?.spanContext();
    if (spanContext && isSpanContextValid(spanContext)) {
      res.setHeader('traceresponse', formatTraceResponse(spanContext));
    }
    next();
  };
}
