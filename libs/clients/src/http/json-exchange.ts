import type { Span } from '@opentelemetry/api';
import { requestContext } from '@suite/correlation';
import type { ConnectionPool } from './connection-pool';
import { requestHeaders, type JsonCall } from './json-call';
import { sendRequest, type Endpoint, type RawAnswer } from './keep-alive-transport';
import { decodeResponse, type TimeoutCause } from './response-decoding';

/** One attempt of a call, as its CLIENT span scope hands it to the exchange. */
export interface Attempt {
  span: Span;
  endpoint: Endpoint;
  /** Path and query, e.g. /orders?userId=42&limit=5 */
  path: string;
  timeoutMs: number;
  cause: TimeoutCause;
}

/**
 * One HTTP exchange: the request sent with the request context's headers over the downstream's
 * keep-alive agent, cancelled at the attempt's timeout or by any of `cancellers`, through the shared
 * connection pool when there is one, and the answer decoded against the call's schema.
 */
export async function exchangeJson<T>(
  service: string,
  call: JsonCall<T>,
  { span, endpoint, path, timeoutMs }: Attempt,
  pool: ConnectionPool | undefined,
  cancellers: (AbortSignal | undefined)[],
): Promise<T> {
  const headers = requestHeaders(call, requestContext().correlationId, timeoutMs);
  const body = call.body !== undefined ? JSON.stringify(call.body) : undefined;
  const send = (): Promise<RawAnswer> =>
    sendRequest(endpoint, path, call.method, headers, body, timeoutMs, cancellers);
  let answer: RawAnswer;
  if (pool) {
    // Scenario 3 only: the pool needs one signal to give up a queued call.
    const signal = AbortSignal.any([
      AbortSignal.timeout(timeoutMs),
      ...cancellers.filter((s) => s !== undefined),
    ]);
    answer = await pool.run(span, signal, send);
  } else {
    answer = await send();
  }
  span.setAttribute('http.response.status_code', answer.status);
  return decodeResponse(service, call, answer.status, answer.text);
}
