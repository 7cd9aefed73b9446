import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import { envInt } from '../config/env';

/**
 * The HTTP server limits of every service, set explicitly rather than left to Node's defaults, so a
 * slow or hostile client cannot hold a socket or memory for long:
 *
 * - HTTP_MAX_HEADER_BYTES (16384): all request headers together; more gets a JSON 431.
 * - HTTP_HEADERS_TIMEOUT_MS (10000): time to receive the headers (a slowloris client is cut off, 408).
 * - HTTP_REQUEST_TIMEOUT_MS (30000): time to receive the whole request, body included (408).
 * - HTTP_KEEP_ALIVE_TIMEOUT_MS (5000): an idle keep-alive connection is closed after this.
 * - HTTP_TIMEOUT_CHECK_MS (1000): how often Node looks for connections past those timeouts.
 * - HTTP_LISTEN_BACKLOG (4096): connections the kernel queues before the service accepts them
 *   (Node's default is 511; the kernel caps it at net.core.somaxconn). A burst larger than the
 *   backlog gets refused or retried connections instead of an answer.
 * - SHUTDOWN_GRACE_MS (8000): after SIGTERM, in-flight requests get this long; then the process exits
 *   anyway (below docker's 10 s stop timeout, so the exit is ours, not a SIGKILL).
 */
export interface ServerLimits {
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  timeoutCheckMs: number;
  shutdownGraceMs: number;
  listenBacklog: number;
}

export function serverLimits(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  const limits: ServerLimits = {
    maxHeaderBytes: envInt('HTTP_MAX_HEADER_BYTES', 16_384, env),
    headersTimeoutMs: envInt('HTTP_HEADERS_TIMEOUT_MS', 10_000, env),
    requestTimeoutMs: envInt('HTTP_REQUEST_TIMEOUT_MS', 30_000, env),
    keepAliveTimeoutMs: envInt('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, env),
    timeoutCheckMs: envInt('HTTP_TIMEOUT_CHECK_MS', 1_000, env),
    shutdownGraceMs: envInt('SHUTDOWN_GRACE_MS', 8_000, env),
    listenBacklog: envInt('HTTP_LISTEN_BACKLOG', 4_096, env),
  };
  for (const [name, value] of Object.entries(limits)) {
    if (value <= 0)
      throw new Error(`${name} must be positive (got ${value}); unset it for the default`);
  }
  // Node requires it: a request timeout shorter than the headers timeout would never fire first.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(
      'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS: lower the first or raise the second',
    );
  }
  return limits;
}

const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    message:
      'Request headers too large: send fewer or shorter headers (the limit is {limit} bytes)',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    message: 'Request not received in time: send the whole request without pauses',
  },
  HPE_HEADER_TIMEOUT: {
    status: 408,
    message: 'Request headers not received in time: send the whole request without pauses',
  },
};

/**
 * What Node answers itself, before any handler runs (a header block too large, a request too slow,
 * bytes that are not HTTP), as the suite's JSON error body instead of an empty response; the
 * connection is then closed. No span exists yet at this point, so the rejection is logged (the code
 * only, never the raw bytes).
 */
export function answerClientError(
  serviceName: string,
  limits: ServerLimits,
): (error: Error & { code?: string }, socket: Duplex) => void {
  const logger = new Logger('HttpServer');
  return (error, socket) => {
    const code = error.code ?? 'unknown';
    if (code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const known = CLIENT_ERRORS[code] ?? {
      status: 400,
      message: `Malformed HTTP request (${code}): send valid HTTP/1.1 with printable ASCII header names and values`,
    };
    const message = known.message.replace('{limit}', String(limits.maxHeaderBytes));
    logger.warn({ code, statusCode: known.status }, `${serviceName} rejected a malformed request`);
    const body = JSON.stringify({
      statusCode: known.status,
      error: STATUS_CODES[known.status] ?? 'Bad Request',
      message,
    });
    // The same guard as Node's default handler: never write into a response already under way.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (inFlight?.headersSent) return void socket.destroy();
    socket.end(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };
}
