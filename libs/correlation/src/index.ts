export {
  CORRELATION_ATTRIBUTE,
  CORRELATION_BAGGAGE_KEY,
  CORRELATION_HEADER,
  isValidCorrelationId,
  newCorrelationId,
  resolveCorrelationId,
  type CorrelationSource,
} from './correlation-id';
export * from './correlation-id.propagator';
export { DEADLINE_HEADER, Deadline, parseDeadlineHeader } from './deadline';
export { contextWithRequest, requestContext, type RequestContext } from './request-context';
export {
  continueInRequestContext,
  formatTraceResponse,
  requestContextMiddleware,
} from './request-context.middleware';
