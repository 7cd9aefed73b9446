import type { Span } from '@opentelemetry/api';
import { requestContext } from '@suite/correlation';
import type { ConnectionPool } from './connection-pool';
import { requestHeaders, type JsonCall } from './json-call';
import { decodeResponse, type TimeoutCause } from './response-decoding';

/** One attempt of a call, as its CLIENT span scope hands it to the exchange. */
export interface Attempt {
  span: Span;
  url: URL;
  timeoutMs: number;
  cause: TimeoutCause;
}

/**
 * One HTTP exchange: the request sent with the request context's headers, cancelled at the attempt's
 * timeout or by any of `cancellers`, through the shared connection pool when there is one, and the
 * answer decoded against the call's schema.
 */
export async function exchangeJson<T>(
  service: string,
  call: JsonCall<T>,
  { span, url, timeoutMs }: Attempt,
  pool: ConnectionPool | undefined,
  cancellers: (AbortSignal | undefined)[],
): Promise<T> {
  const headers = requestHeaders(call, requestContext().correlationId, timeoutMs);
  const signals = [AbortSignal.timeout(timeoutMs), ...cancellers.filter((s) => s !== undefined)];
  const signal = AbortSignal.any(signals);
  const fetchText = async () => {
    const response = await fetch(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal,
    });
    // Always read the body: an unread body holds its keep-alive connection.
    return { status: response.status, text: await response.text() };
  };
  const { status, text } = pool ? await pool.run(span, signal, fetchText) : await fetchText();
  span.setAttribute('http.response.status_code', status);
  return decodeResponse(service, call, status, text);
}
