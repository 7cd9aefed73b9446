import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { CORRELATION_HEADER, formatTraceResponse, resolveCorrelationId } from '@suite/correlation';

/**
 * Looks at a request before express, Nest and the access log do. Returns true to let it through;
 * false when it has answered the request itself (e.g. a 503 under overload).
 */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Puts `admit` in front of whatever already handles the server's requests (express): a request it
 * refuses costs a few microseconds instead of a trip through the whole pipeline, which is what lets
 * an overloaded service answer everyone quickly. The OpenTelemetry server span already exists here.
 */
export function installFrontDoor(server: Server, admit: FrontDoor): void {
  const handlers = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!admit(req, res)) return;
    for (const handler of handlers) handler.call(server, req, res);
  });
}

/**
 * Answers a request at the front door with the suite's JSON error body and the headers every
 * response carries (`x-correlation-id`, `traceresponse`), plus `extraHeaders` (e.g. Retry-After).
 */
export function answerAtFrontDoor(
  req: IncomingMessage,
  res: ServerResponse,
  statusCode: number,
  error: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): string {
  const active = context.active();
  const { correlationId } = resolveCorrelationId(req.headers[CORRELATION_HEADER], active);
  const body = JSON.stringify({ statusCode, error, message, correlationId });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    [CORRELATION_HEADER]: correlationId,
    ...extraHeaders,
  };
  const spanContext = trace.getSpan(active)?.spanContext();
  if (spanContext && isSpanContextValid(spanContext))
    headers['traceresponse'] = formatTraceResponse(spanContext);
  // The request body is not read: drain it so a keep-alive connection stays usable.
  req.resume();
  res.writeHead(statusCode, headers).end(body);
  return correlationId;
}
