import { DownstreamError } from '../downstream-error';
import type { JsonCall } from './json-call';

/** Why an attempt ran out of time: the downstream's own timeout, or the request's budget left. */
export type TimeoutCause = 'policy' | 'deadline';

/** The answer as the contract says it should be, or a DownstreamError that says how it is not. */
export function decodeResponse<T>(
  service: string,
  call: JsonCall<T>,
  status: number,
  text: string,
): T {
  if (status < 200 || status > 299) {
    throw new DownstreamError(
      service,
      'http',
      `${service} answered ${status} to ${call.method} ${call.template}: ${summarise(text)}`,
      status,
    );
  }
  const parsed = call.schema.safeParse(text ? JSON.parse(text) : undefined);
  if (!parsed.success) {
    throw new DownstreamError(
      service,
      'invalid-response',
      `${service} answered ${call.method} ${call.template} with a body that breaks the contract: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** Any failure of an attempt (socket, abort, JSON) as the DownstreamError the caller can act on. */
export function toDownstreamError(
  service: string,
  baseUrl: string,
  error: unknown,
  timeoutMs: number,
  cause: TimeoutCause,
): DownstreamError {
  if (error instanceof DownstreamError) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError') {
    return new DownstreamError(
      service,
      'timeout',
      cause === 'deadline'
        ? `${service} did not answer within the ${timeoutMs} ms left of the request's budget`
        : `${service} did not answer within ${timeoutMs} ms`,
      undefined,
      { cause: error },
    );
  }
  if (name === 'AbortError') {
    return new DownstreamError(service, 'aborted', `call to ${service} was cancelled`, undefined, {
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new DownstreamError(
      service,
      'invalid-response',
      `${service} sent malformed JSON`,
      undefined,
      { cause: error },
    );
  }
  // node:http puts the socket's code on the error itself, fetch on its cause.
  const failure = error as { code?: string; cause?: { code?: string } } | null;
  const code = failure?.code ?? failure?.cause?.code;
  return new DownstreamError(
    service,
    'unavailable',
    `${service} is unreachable at ${baseUrl} (${code ?? (error as Error).message}); is it running?`,
    undefined,
    { cause: error },
  );
}

/** The message of a suite error body, else the start of the raw text. */
function summarise(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}
